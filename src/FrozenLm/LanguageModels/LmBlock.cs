using FrozenLm.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels;

/// <summary>
/// One transformer block of a language model, adapted for vision as in the paper: full bidirectional attention
/// (no causal mask, no padding mask), no positional encoding, the model's own norms and activation.
/// Input and output are [batch, tokens, hidden].
/// </summary>
public abstract class LmBlock : nn.Module<Tensor, Tensor>
{
    protected LmBlock(string name, LmConfig config, int layerIndex)
        : base(name)
    {
        Config = config;
        LayerIndex = layerIndex;
    }

    public LmConfig Config { get; }

    /// <summary>The layer's index in the source model (keys are <c>model.layers.{LayerIndex}...</c>).</summary>
    public int LayerIndex { get; }

    /// <summary>
    /// When set, the block reports intermediate tensors (not detached): "attn" = hidden state after the attention
    /// sub-layer (with its residual), "ffn" = after the FFN sub-layer, "attn_probs" = [B, heads, T, T] softmax weights.
    /// </summary>
    public Action<string, Tensor>? Capture { get; set; }

    /// <summary>
    /// The pre-norm residual layout: x = h + attention(attentionNorm(h)), then y = x + ffn(ffnNorm(x)), reporting
    /// "attn" and "ffn" to <see cref="Capture"/>.
    /// </summary>
    protected Tensor PreNormResidual(Tensor hidden, nn.Module<Tensor, Tensor> attentionNorm, Func<Tensor, Tensor> attention,
        nn.Module<Tensor, Tensor> ffnNorm, nn.Module<Tensor, Tensor> ffn)
    {
        using var scope = torch.NewDisposeScope();
        var x = hidden.add(attention(attentionNorm.forward(hidden)), Scalars.One); // [B, T, H]
        LmCapture.Report(Capture, LmCapture.Attention, x);
        var y = x.add(ffn.forward(ffnNorm.forward(x)), Scalars.One); // [B, T, H]
        LmCapture.Report(Capture, LmCapture.Ffn, y);
        return y.MoveToOuterDisposeScope();
    }

    /// <summary>The value random (Hugging Face) initialisation gives norm weights: 1, or 0 where a norm scales by (1 + w).</summary>
    public virtual double RandomNormWeight => 1.0;
}
