using static TorchSharp.torch;

namespace FrozenLm.Data;

/// <summary>
/// One batch from a loader: normalised images [B, C, H, W] (float32), hard labels [B] (int64), and, when mixup or
/// cutmix was applied, soft targets [B, classes] (float32, rows sum to 1). The batch owns its tensors.
/// </summary>
public sealed class ImageBatch : IDisposable
{
    public ImageBatch(Tensor images, Tensor labels, Tensor? softTargets, int[] indices)
    {
        Images = images;
        Labels = labels;
        SoftTargets = softTargets;
        Indices = indices;
    }

    public Tensor Images { get; }
    public Tensor Labels { get; }
    public Tensor? SoftTargets { get; }

    /// <summary>Dataset indices of the samples, in batch order.</summary>
    public int[] Indices { get; }

    public int Size => Indices.Length;

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
        SoftTargets?.Dispose();
    }
}
