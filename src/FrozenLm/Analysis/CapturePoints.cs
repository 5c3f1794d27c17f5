namespace FrozenLm.Analysis;

/// <summary>The model's capture-point names used by the filtering analysis, in forward order.</summary>
public static class CapturePoints
{
    /// <summary>Token features: last visual block, first mapper, LM attention sub-layer, LM FFN sub-layer, second mapper.</summary>
    public static IReadOnlyList<string> Features { get; } = ["visual", "mapper_in", "lm_attn", "lm_ffn", "mapper_out"];

    /// <summary>Attention sources ("vit" = last ViT block, "lm" = the LM block) and the capture names of their probabilities.</summary>
    public static IReadOnlyList<(string Name, string Capture)> Attention { get; } =
        [("vit", "vit_attn_probs"), ("lm", "lm_attn_probs")];
}
