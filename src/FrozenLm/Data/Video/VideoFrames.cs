namespace FrozenLm.Data.Video;

/// <summary>Frames of one clip as floats in [0, 1], laid out [frames, 3, height, width] (RGB planes per frame).</summary>
public sealed record VideoFrames(float[] Pixels, int Frames, int Height, int Width)
{
    public const int Channels = 3;

    public int FrameLength => Channels * Height * Width;

    /// <summary>Frame <paramref name="t"/> as [3, height, width].</summary>
    public ReadOnlySpan<float> Frame(int t) => Pixels.AsSpan(t * FrameLength, FrameLength);
}
