namespace FrozenLm.LanguageModels;

/// <summary>How an <see cref="LmBlockStack"/> is built: optional parameter-free final RMS norm, and weight storage dtype.</summary>
public sealed record LmLoadOptions
{
    /// <summary>Append the paper's parameter-free RMS norm (weight fixed at 1, eps = the model's).</summary>
    public bool FinalNorm { get; init; }

    /// <summary>"F32" or "BF16" (bf16 halves memory; computation stays fp32, weights are cast per forward).</summary>
    public string StorageDType { get; init; } = "F32";
}
