using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels;

/// <summary>
/// A Gemma (1) decoder layer without rotary embedding or causal mask: pre-RMSNorm scaling by (1 + weight) in fp32,
/// grouped- or multi-query attention with <c>head_dim</c> from the config (scaled by 1/sqrt(head_dim)), GeGLU MLP with
/// the tanh-approximated GELU. Keys as llama: <c>self_attn.q_proj.weight</c>, <c>mlp.gate_proj.weight</c>, ...
/// </summary>
public sealed class GemmaBlock : LmBlock
{
    [ComponentName(Name = "self_attn")]
    private readonly LmSelfAttention _selfAttn;

    [ComponentName(Name = "mlp")]
    private readonly LmGatedMlp _mlp;

    [ComponentName(Name = "input_layernorm")]
    private readonly GemmaRmsNorm _inputLayerNorm;

    [ComponentName(Name = "post_attention_layernorm")]
    private readonly GemmaRmsNorm _postAttentionLayerNorm;

    public GemmaBlock(LmConfig config, int layerIndex, ScalarType storage)
        : base(nameof(GemmaBlock), config, layerIndex)
    {
        _selfAttn = LmSelfAttention.Separate(config, storage);
        _mlp = LmGatedMlp.Separate(config, storage, bias: false);
        _inputLayerNorm = new GemmaRmsNorm("input_layernorm", config.HiddenSize, config.NormEps, storage);
        _postAttentionLayerNorm = new GemmaRmsNorm("post_attention_layernorm", config.HiddenSize, config.NormEps, storage);
        RegisterComponents();
    }

    /// <summary>Gemma's norms scale by (1 + weight), so the Hugging Face initialisation of their weights is 0.</summary>
    public override double RandomNormWeight => 0.0;

    /// <summary>Parameters of one layer under <paramref name="config"/>.</summary>
    public static long ParameterCount(LmConfig config)
        => LmSelfAttention.ParameterCount(config) + LmGatedMlp.ParameterCount(config, bias: false) + 2L * config.HiddenSize;

    public override Tensor forward(Tensor hidden) => forward(hidden, null);

    /// <summary>Runs the layer; <paramref name="keyMask"/> [B, T] (true = attend) is optional.</summary>
    public Tensor forward(Tensor hidden, Tensor? keyMask) => PreNormResidual(hidden, _inputLayerNorm,
        x => _selfAttn.Forward(x, keyMask, Capture), _postAttentionLayerNorm, _mlp);

    /// <summary>Gemma's RMSNorm: x / sqrt(mean(x^2) + eps) * (1 + weight), all in fp32, cast back to the input dtype.</summary>
    private sealed class GemmaRmsNorm : nn.Module<Tensor, Tensor>
    {
        private readonly Parameter _weight;
        private readonly double _eps;

        public GemmaRmsNorm(string name, long size, double eps, ScalarType storage)
            : base(name)
        {
            _eps = eps;
            _weight = new Parameter(torch.empty(size, storage));
            register_parameter("weight", _weight);
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = torch.NewDisposeScope();
            using var eps = _eps.ToScalar();
            using var one = 1.0.ToScalar();
            var x = input.to(ScalarType.Float32);
            var y = x * torch.rsqrt(x.square().mean([-1L], keepdim: true).add(eps));
            return (y * _weight.to(ScalarType.Float32).add(one)).to(input.dtype).MoveToOuterDisposeScope();
        }
    }
}
