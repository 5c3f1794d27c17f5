namespace FrozenLm.Data.Video;

/// <summary>Size of the generated <c>moving-shapes</c> set: frames per clip, frame size, clips per class and split, seed.</summary>
public sealed record MovingShapesOptions
{
    public int Frames { get; init; } = 16;
    public int Size { get; init; } = 32;
    public int TrainPerClass { get; init; } = 100;
    public int TestPerClass { get; init; } = 30;
    public int Seed { get; init; }
}
