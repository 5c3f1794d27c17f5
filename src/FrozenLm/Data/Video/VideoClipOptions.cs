namespace FrozenLm.Data.Video;

/// <summary>
/// How clips become model input: T frames by segment sampling, a square crop of the short side (training: a random
/// scale in [<see cref="MinCropScale"/>, 1] at a random place; test: the whole short side at <see cref="TestCrops"/>
/// places along the long side) resized to <see cref="ImageSize"/>, optional horizontal flip (off: it turns "left" into
/// "right"), normalisation, the frame-order control, and test-time views (<see cref="TestClips"/> temporal x
/// <see cref="TestCrops"/> spatial, probabilities averaged).
/// </summary>
public sealed record VideoClipOptions
{
    public int Frames { get; init; } = 16;
    public int ImageSize { get; init; } = 224;
    public double MinCropScale { get; init; } = 1.0;
    public bool HorizontalFlip { get; init; }

    /// <summary>"natural", or "shuffled": the T sampled frames of each clip are put in a random order (train and test).</summary>
    public string FrameOrder { get; init; } = FrameOrders.Natural;

    public int TestClips { get; init; } = 1;
    public int TestCrops { get; init; } = 1;

    /// <summary>
    /// Per-channel normalisation; empty (the default) = estimated from the training split, the image task's rule
    /// (<see cref="VideoNormalization"/>). VideoMAE's ImageNet statistics are <see cref="ImageNetMean"/> /
    /// <see cref="ImageNetStd"/> (the paper preset's).
    /// </summary>
    public float[] Mean { get; init; } = [];
    public float[] Std { get; init; } = [];

    public static float[] ImageNetMean => [0.485f, 0.456f, 0.406f];
    public static float[] ImageNetStd => [0.229f, 0.224f, 0.225f];

    public bool HasNormalization => Mean.Length > 0 && Std.Length > 0;

    public bool Shuffled => FrameOrder == FrameOrders.Shuffled;

    /// <summary>Throws <see cref="UserInputException"/> naming the flag of the first invalid setting.</summary>
    public void Validate()
    {
        if (Frames < 1) throw new UserInputException("--frames", $"must be positive, got {Frames}");
        if (ImageSize < 1) throw new UserInputException("--img-size", $"must be positive, got {ImageSize}");
        if (MinCropScale is <= 0 or > 1) throw new UserInputException("--min-crop-scale", $"must be in (0, 1], got {MinCropScale}");
        if (FrameOrder is not (FrameOrders.Natural or FrameOrders.Shuffled))
            throw new UserInputException("--frame-order", $"must be natural or shuffled, got '{FrameOrder}'");
        if (TestClips < 1) throw new UserInputException("--test-clips", $"must be positive, got {TestClips}");
        if (TestCrops < 1) throw new UserInputException("--test-crops", $"must be positive, got {TestCrops}");
        if ((Mean.Length, Std.Length) != (0, 0) && (Mean.Length != 3 || Std.Length != 3 || Std.Any(s => !(s > 0))))
            throw new UserInputException("--preset", "video normalisation needs 3 means and 3 positive stds (or neither: estimated from the data)");
    }
}
