namespace FrozenLm.Encoders.Motion;

/// <summary>
/// VectorNet's shape: subgraph layers and width, token width, global-interaction blocks (pre-LN transformer blocks of
/// the staged trunk), heads, MLP ratio, the decoder's hidden width, modes K and future steps.
/// </summary>
public sealed record VectorNetConfig
{
    public int SubgraphLayers { get; init; } = 3;
    public int SubgraphHidden { get; init; } = 64;
    public int Dim { get; init; } = 128;
    public int Depth { get; init; } = 1;
    public int Heads { get; init; } = 4;
    public double MlpRatio { get; init; } = 2.0;
    public int DecoderHidden { get; init; } = 256;
    public int Modes { get; init; } = 6;
    public int FutureSteps { get; init; } = 30;

    public void Validate()
    {
        if (SubgraphLayers < 1) throw new UserInputException("--subgraph-layers", $"must be at least 1, got {SubgraphLayers}");
        if (SubgraphHidden < 1) throw new UserInputException("--subgraph-hidden", $"must be positive, got {SubgraphHidden}");
        if (Dim < 1) throw new UserInputException("--dim", $"must be positive, got {Dim}");
        if (Depth < 1) throw new UserInputException("--depth", $"must be at least 1, got {Depth}");
        if (Heads < 1 || Dim % Heads != 0) throw new UserInputException("--heads", $"{Heads} heads do not divide the width {Dim}");
        if (MlpRatio <= 0) throw new UserInputException("--mlp-ratio", $"must be positive, got {MlpRatio}");
        if (DecoderHidden < 1) throw new UserInputException("--decoder-hidden", $"must be positive, got {DecoderHidden}");
        if (Modes < 1) throw new UserInputException("--modes", $"must be at least 1, got {Modes}");
    }
}
