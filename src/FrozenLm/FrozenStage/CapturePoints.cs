using FrozenLm.LanguageModels;

namespace FrozenLm.FrozenStage;

/// <summary>
/// The names of the tensors a model reports through its <c>Capture</c> callback, in forward order, used by the code
/// that emits them (encoders, <see cref="StagedTrunk"/>, the stages) and by Analysis. The LM block's own names
/// ("attn", "ffn", "attn_probs") live in <see cref="LmCapture"/>; the stage reports them with the <see cref="LmPrefix"/>.
/// </summary>
public static class CapturePoints
{
    /// <summary>Point-cloud group centres [B, G, 3] in input coordinates (token i + 1 belongs to centre i).</summary>
    public const string Centres = "centres";

    /// <summary>The stage input [B, T, d], or the last visual block's output when there is no stage.</summary>
    public const string Visual = "visual";

    /// <summary>The last visual block's softmax attention weights [B, heads, T, T].</summary>
    public const string VisualAttentionProbs = "vit_attn_probs";

    /// <summary>The stage's first linear map [B, T, D_lm].</summary>
    public const string MapperIn = "mapper_in";

    /// <summary>Prefix of the last LM block's own capture points inside the stage.</summary>
    public const string LmPrefix = "lm_";

    /// <summary>The last LM block's hidden state after its attention sub-layer [B, T, D_lm].</summary>
    public const string LmAttention = LmPrefix + LmCapture.Attention;

    /// <summary>The last LM block's hidden state after its FFN sub-layer [B, T, D_lm].</summary>
    public const string LmFfn = LmPrefix + LmCapture.Ffn;

    /// <summary>The last LM block's softmax attention weights [B, heads, T, T].</summary>
    public const string LmAttentionProbs = LmPrefix + LmCapture.AttentionProbs;

    /// <summary>The stage's second linear map [B, T, d].</summary>
    public const string MapperOut = "mapper_out";

    /// <summary>Token features: last visual block, first mapper, LM attention sub-layer, LM FFN sub-layer, second mapper.</summary>
    public static IReadOnlyList<string> Features { get; } = [Visual, MapperIn, LmAttention, LmFfn, MapperOut];

    /// <summary>Attention sources ("vit" = last visual block, "lm" = the LM block) and the capture names of their probabilities.</summary>
    public static IReadOnlyList<(string Name, string Capture)> Attention { get; } =
        [("vit", VisualAttentionProbs), ("lm", LmAttentionProbs)];
}
