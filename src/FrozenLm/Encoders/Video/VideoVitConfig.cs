namespace FrozenLm.Encoders.Video;

/// <summary>
/// The shape of a VideoMAE-style video ViT: frames and frame size, tubelet (frames x pixels x pixels), width, depth,
/// heads, MLP ratio, input channels, classes, drop-path, and whether the space-time position table is learned.
/// </summary>
public sealed record VideoVitConfig
{
    public int Frames { get; init; } = 16;
    public int ImageSize { get; init; } = 224;
    public int PatchSize { get; init; } = 16;
    public int TubeletSize { get; init; } = 2;
    public int Dim { get; init; } = 384;
    public int Depth { get; init; } = 12;
    public int Heads { get; init; } = 6;
    public double MlpRatio { get; init; } = 4.0;
    public int Channels { get; init; } = 3;
    public int NumClasses { get; init; } = 174;
    public double DropPath { get; init; }

    /// <summary>A learned position embedding (truncated normal) instead of VideoMAE's fixed sinusoid table.</summary>
    public bool LearnedPosition { get; init; }

    /// <summary>Initialisation of the blocks' linear weights: truncated normal std 0.02 (VideoMAE's) or Xavier uniform.</summary>
    public Layers.LinearInit WeightInit { get; init; } = Layers.LinearInit.TruncNormal;

    /// <summary>Scale of the head's initial weights and bias (VideoMAE's <c>init_scale</c>).</summary>
    public double HeadInitScale { get; init; } = 0.001;

    /// <summary>Tubelets along time, height and width.</summary>
    public int TimeGrid => Frames / TubeletSize;
    public int Grid => ImageSize / PatchSize;

    /// <summary>Tokens per clip: (frames / tubelet) x (size / patch)^2.</summary>
    public int NumTokens => TimeGrid * Grid * Grid;

    /// <summary>Throws <see cref="UserInputException"/> naming the flag when a value is out of range.</summary>
    public void Validate()
    {
        if (Dim <= 0) throw new UserInputException("--dim", $"must be positive, got {Dim}");
        if (Depth <= 0) throw new UserInputException("--depth", $"must be positive, got {Depth}");
        if (Heads <= 0 || Dim % Heads != 0) throw new UserInputException("--heads", $"{Heads} heads do not divide --dim {Dim}");
        if (PatchSize <= 0 || ImageSize <= 0 || ImageSize % PatchSize != 0)
            throw new UserInputException("--patch", $"patch size {PatchSize} must divide --img-size {ImageSize}");
        if (TubeletSize <= 0 || Frames <= 0 || Frames % TubeletSize != 0)
            throw new UserInputException("--tubelet", $"tubelet size {TubeletSize} must divide --frames {Frames}");
        if (MlpRatio <= 0) throw new UserInputException("--mlp-ratio", $"must be positive, got {MlpRatio}");
        if (Channels <= 0) throw new UserInputException("channels", $"must be positive, got {Channels}");
        if (NumClasses < 2) throw new UserInputException("classes", $"need at least 2, got {NumClasses}");
        if (DropPath is < 0 or >= 1) throw new UserInputException("--drop-path", $"must be in [0, 1), got {DropPath}");
    }
}
