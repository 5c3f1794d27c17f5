using static TorchSharp.torch;

namespace FrozenLm.Data.Video;

/// <summary>
/// A batch of clips: <see cref="Clips"/> [Size x Views, 3, T, S, S] (the views of a clip are consecutive), labels
/// [Size], mixup / cutmix soft targets [Size, classes] (null when none was drawn), the data-set indices, and the frames
/// each view shows (data-set frame numbers, in input order).
/// </summary>
public sealed class VideoBatch(Tensor clips, Tensor labels, Tensor? softTargets, int views, int[] indices, int[][] frames) : IDisposable
{
    public Tensor Clips { get; } = clips;
    public Tensor Labels { get; } = labels;
    public Tensor? SoftTargets { get; } = softTargets;
    public int Views { get; } = views;
    public int[] Indices { get; } = indices;

    /// <summary>Per clip and view (index clip x Views + view), the frame numbers fed in order.</summary>
    public int[][] Frames { get; } = frames;

    public int Size => Indices.Length;

    public void Dispose()
    {
        Clips.Dispose();
        Labels.Dispose();
        SoftTargets?.Dispose();
    }
}
