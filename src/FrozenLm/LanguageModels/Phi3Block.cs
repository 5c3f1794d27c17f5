using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels;

/// <summary>
/// A Phi-3 decoder layer without rotary embedding or causal mask: pre-RMSNorm (fp32), grouped-query attention from the
/// fused <c>self_attn.qkv_proj</c> (rows [q; k; v]), SwiGLU from the fused <c>mlp.gate_up_proj</c> (rows [gate; up]),
/// no biases. Keys: <c>self_attn.qkv_proj.weight</c>, <c>self_attn.o_proj.weight</c>, <c>mlp.gate_up_proj.weight</c>,
/// <c>mlp.down_proj.weight</c>, <c>input_layernorm.weight</c>, <c>post_attention_layernorm.weight</c>.
/// </summary>
public sealed class Phi3Block : LmBlock
{
    [ComponentName(Name = "self_attn")]
    private readonly LmSelfAttention _selfAttn;

    [ComponentName(Name = "mlp")]
    private readonly LmGatedMlp _mlp;

    [ComponentName(Name = "input_layernorm")]
    private readonly LmRmsNorm _inputLayerNorm;

    [ComponentName(Name = "post_attention_layernorm")]
    private readonly LmRmsNorm _postAttentionLayerNorm;

    public Phi3Block(LmConfig config, int layerIndex, ScalarType storage)
        : base(nameof(Phi3Block), config, layerIndex)
    {
        _selfAttn = LmSelfAttention.Fused(config, storage);
        _mlp = LmGatedMlp.Fused(config, storage);
        _inputLayerNorm = new LmRmsNorm("input_layernorm", config.HiddenSize, config.NormEps, storage);
        _postAttentionLayerNorm = new LmRmsNorm("post_attention_layernorm", config.HiddenSize, config.NormEps, storage);
        RegisterComponents();
    }

    /// <summary>Parameters of one layer under <paramref name="config"/>.</summary>
    public static long ParameterCount(LmConfig config)
        => LmSelfAttention.ParameterCount(config, withBiases: false) + LmGatedMlp.ParameterCount(config, bias: false) + 2L * config.HiddenSize;

    public override Tensor forward(Tensor hidden) => forward(hidden, null);

    /// <summary>Runs the layer; <paramref name="keyMask"/> [B, T] (true = attend) is optional.</summary>
    public Tensor forward(Tensor hidden, Tensor? keyMask) => PreNormResidual(hidden, _inputLayerNorm,
        x => _selfAttn.Forward(x, keyMask, Capture), _postAttentionLayerNorm, _mlp);
}
