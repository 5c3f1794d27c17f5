namespace FrozenLm.Data.Video;

/// <summary>A video data set that also knows where its moving object is: a mask per frame, for <c>explain</c>.</summary>
public interface IMaskedVideoDataset : IVideoDataset
{
    /// <summary>The object's visible coverage in [0, 1] for the given frames of clip <paramref name="index"/>: [frames, height, width].</summary>
    float[] ReadMasks(int index, IReadOnlyList<int> frames);
}
