using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels;

/// <summary>
/// A LLaMA / Mistral / Qwen2 decoder layer without rotary embedding or causal mask: pre-RMSNorm (fp32), grouped-query
/// attention (qwen2 with q/k/v biases), SwiGLU MLP. Keys: <c>self_attn.q_proj.weight</c>, <c>mlp.gate_proj.weight</c>, ...
/// </summary>
public sealed class LlamaBlock : LmDecoderBlock
{
    public LlamaBlock(LmConfig config, int layerIndex, ScalarType storage)
        : base(nameof(LlamaBlock), config, layerIndex, LmSelfAttention.Separate(config, storage),
            LmGatedMlp.Separate(config, storage, config.MlpBias),
            name => new LmRmsNorm(name, config.HiddenSize, config.NormEps, storage))
    {
    }

    /// <summary>Parameters of one layer under <paramref name="config"/>.</summary>
    public static long ParameterCount(LmConfig config)
        => LmSelfAttention.ParameterCount(config) + LmGatedMlp.ParameterCount(config, config.MlpBias) +
           2L * config.HiddenSize;
}
