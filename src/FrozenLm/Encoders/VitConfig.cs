namespace FrozenLm.Encoders;

/// <summary>The shape of a Vision Transformer: width, depth, heads, patch and image size, input channels, classes.</summary>
public sealed record VitConfig
{
    public int Dim { get; init; } = 192;
    public int Depth { get; init; } = 12;
    public int Heads { get; init; } = 3;
    public int PatchSize { get; init; } = 16;
    public int ImageSize { get; init; } = 224;
    public double MlpRatio { get; init; } = 4.0;
    public int Channels { get; init; } = 3;
    public int NumClasses { get; init; } = 1000;
    public double DropPath { get; init; }

    /// <summary>Throws <see cref="UserInputException"/> naming the flag when a value is out of range.</summary>
    public void Validate()
    {
        if (Dim <= 0) throw new UserInputException("--dim", $"must be positive, got {Dim}");
        if (Depth <= 0) throw new UserInputException("--depth", $"must be positive, got {Depth}");
        if (Heads <= 0 || Dim % Heads != 0) throw new UserInputException("--heads", $"{Heads} heads do not divide --dim {Dim}");
        if (PatchSize <= 0 || ImageSize <= 0 || ImageSize % PatchSize != 0)
            throw new UserInputException("--patch", $"patch size {PatchSize} must divide --img-size {ImageSize}");
        if (MlpRatio <= 0) throw new UserInputException("--mlp-ratio", $"must be positive, got {MlpRatio}");
        if (Channels <= 0) throw new UserInputException("channels", $"must be positive, got {Channels}");
        if (NumClasses < 2) throw new UserInputException("classes", $"need at least 2, got {NumClasses}");
        if (DropPath is < 0 or >= 1) throw new UserInputException("--drop-path", $"must be in [0, 1), got {DropPath}");
    }
}
