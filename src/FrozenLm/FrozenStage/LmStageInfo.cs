namespace FrozenLm.FrozenStage;

/// <summary>
/// What a built stage actually contains, recorded in config.json: the checkpoint's source, format and checksum, its
/// layers (resolved: the default is the LM's last layer) and shape, the stage's widths and its trainable/frozen
/// parameter counts.
/// </summary>
public sealed record LmStageInfo
{
    public required LmStageMode Mode { get; init; }
    public string? Source { get; init; }
    public string? Format { get; init; }
    public string? Checksum { get; init; }
    public string? Architecture { get; init; }
    public int[] Layers { get; init; } = [];
    public int LmHiddenSize { get; init; }
    public int InnerDim { get; init; }
    public bool RmsNorm { get; init; }
    public bool Residual { get; init; }
    public long MapperParameters { get; init; }
    public long BlockParameters { get; init; }
}
