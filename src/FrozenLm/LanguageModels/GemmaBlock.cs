using FrozenLm.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels;

/// <summary>
/// A Gemma (1) decoder layer without rotary embedding or causal mask: pre-RMSNorm scaling by (1 + weight) in fp32,
/// grouped- or multi-query attention with <c>head_dim</c> from the config (scaled by 1/sqrt(head_dim)), GeGLU MLP with
/// the tanh-approximated GELU. Keys as llama: <c>self_attn.q_proj.weight</c>, <c>mlp.gate_proj.weight</c>, ...
/// </summary>
public sealed class GemmaBlock : LmDecoderBlock
{
    public GemmaBlock(LmConfig config, int layerIndex, ScalarType storage)
        : base(nameof(GemmaBlock), config, layerIndex, LmSelfAttention.Separate(config, storage),
            LmGatedMlp.Separate(config, storage, bias: false),
            name => new GemmaRmsNorm(name, config.HiddenSize, config.NormEps, storage))
    {
    }

    /// <summary>Gemma's norms scale by (1 + weight), so the Hugging Face initialisation of their weights is 0.</summary>
    public override double RandomNormWeight => 0.0;

    /// <summary>Parameters of one layer under <paramref name="config"/>.</summary>
    public static long ParameterCount(LmConfig config)
        => LmSelfAttention.ParameterCount(config) + LmGatedMlp.ParameterCount(config, bias: false) +
           2L * config.HiddenSize;

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
            var y = x * torch.rsqrt(x.pow(Scalars.Two).mean([-1L], keepdim: true).add(eps, Scalars.One));
            return (y * _weight.to(ScalarType.Float32).add(one, Scalars.One)).to(input.dtype).MoveToOuterDisposeScope();
        }
    }
}
