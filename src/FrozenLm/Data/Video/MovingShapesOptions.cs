namespace FrozenLm.Data.Video;

/// <summary>
/// Size and difficulty of the generated <c>moving-shapes</c> set: frames per clip, frame size, clips per class and
/// split, seed, and the nuisance knobs (distractor discs, camera pan, background texture contrast, object speed).
/// </summary>
public sealed record MovingShapesOptions
{
    public int Frames { get; init; } = 16;
    public int Size { get; init; } = 32;
    public int TrainPerClass { get; init; } = 100;
    public int TestPerClass { get; init; } = 30;
    public int Seed { get; init; }

    /// <summary>Drifting distractor discs per clip, as bright as the object.</summary>
    public int Distractors { get; init; } = 2;

    /// <summary>Fastest camera pan in pixels per frame at 32 px (a clip draws its speed in [max/3, max]).</summary>
    public double MaxPan { get; init; } = 0.3;

    /// <summary>Amplitude of each of the three background colour gratings, per channel.</summary>
    public double Texture { get; init; } = 0.1;

    /// <summary>Scale of the object's motion: translation speed (0.7-1.0 px/frame at 32 px) and rotation rate (9-13 degrees/frame) times this.</summary>
    public double MotionScale { get; init; } = 1.0;

    /// <summary>Throws <see cref="UserInputException"/> naming the flag of the first out-of-range difficulty knob.</summary>
    public void ValidateDifficulty()
    {
        if (Distractors < 0) throw new UserInputException("--shapes-distractors", $"must be >= 0, got {Distractors}");
        if (!(MaxPan >= 0)) throw new UserInputException("--shapes-pan", $"must be >= 0, got {MaxPan}");
        if (Texture is not (>= 0 and <= 0.3)) throw new UserInputException("--shapes-texture", $"must be in [0, 0.3], got {Texture}");
        if (!(MotionScale > 0)) throw new UserInputException("--shapes-motion", $"must be positive, got {MotionScale}");
    }
}
