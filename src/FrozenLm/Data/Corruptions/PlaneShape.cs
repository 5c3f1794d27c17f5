namespace FrozenLm.Data.Corruptions;

/// <summary>The layout of a float CHW image: channels, height, width.</summary>
internal readonly record struct PlaneShape(int Channels, int Height, int Width)
{
    public int Plane => Height * Width;
    public int Length => Channels * Height * Width;
}
