using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels;

/// <summary>
/// A LLaMA / Mistral / Qwen2 decoder layer without rotary embedding or causal mask: pre-RMSNorm (fp32), grouped-query
/// attention (qwen2 with q/k/v biases), SwiGLU MLP. Keys: <c>self_attn.q_proj.weight</c>, <c>mlp.gate_proj.weight</c>, ...
/// </summary>
public sealed class LlamaBlock : LmBlock
{
    [ComponentName(Name = "self_attn")]
    private readonly LmSelfAttention _selfAttn;

    [ComponentName(Name = "mlp")]
    private readonly LmGatedMlp _mlp;

    [ComponentName(Name = "input_layernorm")]
    private readonly LmRmsNorm _inputLayerNorm;

    [ComponentName(Name = "post_attention_layernorm")]
    private readonly LmRmsNorm _postAttentionLayerNorm;

    public LlamaBlock(LmConfig config, int layerIndex, ScalarType storage)
        : base(nameof(LlamaBlock), config, layerIndex)
    {
        _selfAttn = LmSelfAttention.Separate(config, storage);
        _mlp = LmGatedMlp.Separate(config, storage, config.MlpBias);
        _inputLayerNorm = new LmRmsNorm("input_layernorm", config.HiddenSize, config.NormEps, storage);
        _postAttentionLayerNorm = new LmRmsNorm("post_attention_layernorm", config.HiddenSize, config.NormEps, storage);
        RegisterComponents();
    }

    /// <summary>Parameters of one layer under <paramref name="config"/>.</summary>
    public static long ParameterCount(LmConfig config)
        => LmSelfAttention.ParameterCount(config) + LmGatedMlp.ParameterCount(config, config.MlpBias) + 2L * config.HiddenSize;

    public override Tensor forward(Tensor hidden) => forward(hidden, null);

    /// <summary>Runs the layer; <paramref name="keyMask"/> [B, T] (true = attend) is optional.</summary>
    public Tensor forward(Tensor hidden, Tensor? keyMask) => PreNormResidual(hidden, _inputLayerNorm,
        x => _selfAttn.Forward(x, keyMask, Capture), _postAttentionLayerNorm, _mlp);
}
