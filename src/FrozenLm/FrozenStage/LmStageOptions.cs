namespace FrozenLm.FrozenStage;

/// <summary>
/// How to build the LM stage: mode, position, residual, which checkpoint and which of its layers (none given = the
/// LM's last layer, as in the paper), whether the parameter-free RMS norm follows the blocks (null = by the LM
/// family's norm kind: on for RMS-norm families such as llama), the storage dtype.
/// </summary>
public sealed record LmStageOptions
{
    public LmStageMode Mode { get; init; } = LmStageMode.Frozen;
    public LmStagePosition Position { get; init; } = LmStagePosition.Tail;
    public bool Residual { get; init; }

    /// <summary>A checkpoint path or a built-in name (<c>minilm</c>, <c>arctic-xs</c>).</summary>
    public string Source { get; init; } = "minilm";

    /// <summary>Layer indices in the source model, run in the given order; empty = the model's last layer.</summary>
    public int[] Layers { get; init; } = [];

    public bool? FinalNorm { get; init; }

    /// <summary>dtype the block's weights are stored in memory (F32, BF16, F16); compute follows it.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("dtype")]
    public string StorageDType { get; init; } = "F32";
}
