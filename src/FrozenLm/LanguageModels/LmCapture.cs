using static TorchSharp.torch;

namespace FrozenLm.LanguageModels;

/// <summary>
/// Hands an intermediate tensor to a block's capture callback. The tensor stays in the autograd graph but is taken out
/// of every dispose scope, so the receiver owns it and may keep it past the forward call.
/// </summary>
public static class LmCapture
{
    /// <summary>A block's hidden state after its attention sub-layer (with its residual).</summary>
    public const string Attention = "attn";

    /// <summary>A block's hidden state after its FFN sub-layer.</summary>
    public const string Ffn = "ffn";

    /// <summary>A block's softmax attention weights [B, heads, T, T].</summary>
    public const string AttentionProbs = "attn_probs";

    public static void Report(Action<string, Tensor>? capture, string point, Tensor value)
    {
        if (capture is null)
            return;
        capture(point, value.alias().DetachFromDisposeScope());
    }
}
