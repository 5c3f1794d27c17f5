using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels;

/// <summary>
/// The llama-shaped pre-norm decoder layer (llama, gemma, phi-3): <c>input_layernorm</c> -> <c>self_attn</c> ->
/// residual, then <c>post_attention_layernorm</c> -> <c>mlp</c> -> residual. Subclasses choose the norm and the
/// separate or fused projections.
/// </summary>
public abstract class LmDecoderBlock : LmBlock
{
    private readonly LmSelfAttention _selfAttn;
    private readonly LmGatedMlp _mlp;
    private readonly nn.Module<Tensor, Tensor> _inputLayerNorm;
    private readonly nn.Module<Tensor, Tensor> _postAttentionLayerNorm;

    /// <summary>Registers the pieces under their Hugging Face names; <paramref name="norm"/> builds a norm by name.</summary>
    protected LmDecoderBlock(string name, LmConfig config, int layerIndex, LmSelfAttention selfAttn, LmGatedMlp mlp,
        Func<string, nn.Module<Tensor, Tensor>> norm)
        : base(name, config, layerIndex)
    {
        _selfAttn = selfAttn;
        _mlp = mlp;
        _inputLayerNorm = norm("input_layernorm");
        _postAttentionLayerNorm = norm("post_attention_layernorm");
        register_module("self_attn", _selfAttn);
        register_module("mlp", _mlp);
        register_module("input_layernorm", _inputLayerNorm);
        register_module("post_attention_layernorm", _postAttentionLayerNorm);
    }

    public override Tensor forward(Tensor hidden) => forward(hidden, null);

    /// <summary>Runs the layer; <paramref name="keyMask"/> [B, T] (true = attend) is optional.</summary>
    public Tensor forward(Tensor hidden, Tensor? keyMask) => PreNormResidual(hidden, _inputLayerNorm,
        x => _selfAttn.Forward(x, keyMask, Capture), _postAttentionLayerNorm, _mlp);

    /// <summary>The constructor registers the pieces under their Hugging Face names; fields must not add more.</summary>
    protected override void RegisterComponents()
    {
    }
}
