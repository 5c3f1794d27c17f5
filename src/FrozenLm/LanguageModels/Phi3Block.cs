using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels;

/// <summary>
/// A Phi-3 decoder layer without rotary embedding or causal mask: pre-RMSNorm (fp32), grouped-query attention from the
/// fused <c>self_attn.qkv_proj</c> (rows [q; k; v]), SwiGLU from the fused <c>mlp.gate_up_proj</c> (rows [gate; up]),
/// no biases. Keys: <c>self_attn.qkv_proj.weight</c>, <c>self_attn.o_proj.weight</c>, <c>mlp.gate_up_proj.weight</c>,
/// <c>mlp.down_proj.weight</c>, <c>input_layernorm.weight</c>, <c>post_attention_layernorm.weight</c>.
/// </summary>
public sealed class Phi3Block : LmDecoderBlock
{
    public Phi3Block(LmConfig config, int layerIndex, ScalarType storage)
        : base(nameof(Phi3Block), config, layerIndex, LmSelfAttention.Fused(config, storage),
            LmGatedMlp.Fused(config, storage),
            name => new LmRmsNorm(name, config.HiddenSize, config.NormEps, storage))
    {
    }

    /// <summary>Parameters of one layer under <paramref name="config"/>.</summary>
    public static long ParameterCount(LmConfig config)
        => LmSelfAttention.ParameterCount(config, withBiases: false) + LmGatedMlp.ParameterCount(config, bias: false) +
           2L * config.HiddenSize;
}
