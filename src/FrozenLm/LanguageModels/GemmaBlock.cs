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
    private readonly SelfAttention _selfAttn;

    [ComponentName(Name = "mlp")]
    private readonly Mlp _mlp;

    [ComponentName(Name = "input_layernorm")]
    private readonly GemmaRmsNorm _inputLayerNorm;

    [ComponentName(Name = "post_attention_layernorm")]
    private readonly GemmaRmsNorm _postAttentionLayerNorm;

    public GemmaBlock(LmConfig config, int layerIndex, ScalarType storage)
        : base(nameof(GemmaBlock), config, layerIndex)
    {
        _selfAttn = new SelfAttention(config, storage);
        _mlp = new Mlp(config, storage);
        _inputLayerNorm = new GemmaRmsNorm("input_layernorm", config.HiddenSize, config.NormEps, storage);
        _postAttentionLayerNorm = new GemmaRmsNorm("post_attention_layernorm", config.HiddenSize, config.NormEps, storage);
        RegisterComponents();
    }

    /// <summary>Gemma's norms scale by (1 + weight), so the Hugging Face initialisation of their weights is 0.</summary>
    public override double RandomNormWeight => 0.0;

    /// <summary>Parameters of one layer under <paramref name="config"/>.</summary>
    public static long ParameterCount(LmConfig config)
    {
        long h = config.HiddenSize, hd = config.HeadDim, q = config.NumHeads * hd, kv = config.NumKvHeads * hd;
        var attention = h * q + 2 * h * kv + q * h + (config.QkvBias ? q + 2 * kv : 0) + (config.OutputBias ? h : 0);
        return attention + 3 * h * config.FfnSize + 2 * h;
    }

    public override Tensor forward(Tensor hidden) => forward(hidden, null);

    /// <summary>Runs the layer; <paramref name="keyMask"/> [B, T] (true = attend) is optional.</summary>
    public Tensor forward(Tensor hidden, Tensor? keyMask)
    {
        using var scope = torch.NewDisposeScope();
        var x = hidden + _selfAttn.Forward(_inputLayerNorm.forward(hidden), keyMask, Capture); // [B, T, H]
        LmCapture.Report(Capture, "attn", x);
        var y = x + _mlp.forward(_postAttentionLayerNorm.forward(x)); // [B, T, H]
        LmCapture.Report(Capture, "ffn", y);
        return y.MoveToOuterDisposeScope();
    }

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

    private sealed class SelfAttention : nn.Module
    {
        [ComponentName(Name = "q_proj")]
        private readonly LmLinear _qProj;

        [ComponentName(Name = "k_proj")]
        private readonly LmLinear _kProj;

        [ComponentName(Name = "v_proj")]
        private readonly LmLinear _vProj;

        [ComponentName(Name = "o_proj")]
        private readonly LmLinear _oProj;

        private readonly LmConfig _config;

        public SelfAttention(LmConfig config, ScalarType storage)
            : base("self_attn")
        {
            _config = config;
            long h = config.HiddenSize, q = config.NumHeads * config.HeadDim, kv = config.NumKvHeads * config.HeadDim;
            _qProj = new LmLinear("q_proj", h, q, config.QkvBias, storage);
            _kProj = new LmLinear("k_proj", h, kv, config.QkvBias, storage);
            _vProj = new LmLinear("v_proj", h, kv, config.QkvBias, storage);
            _oProj = new LmLinear("o_proj", q, h, config.OutputBias, storage);
            RegisterComponents();
        }

        public Tensor Forward(Tensor x, Tensor? keyMask, Action<string, Tensor>? capture)
        {
            using var scope = torch.NewDisposeScope();
            var context = LmAttention.Attend(_qProj.forward(x), _kProj.forward(x), _vProj.forward(x),
                _config.NumHeads, _config.NumKvHeads, _config.HeadDim, keyMask, capture); // [B, T, heads*hd]
            return _oProj.forward(context).MoveToOuterDisposeScope();
        }
    }

    private sealed class Mlp : nn.Module<Tensor, Tensor>
    {
        [ComponentName(Name = "gate_proj")]
        private readonly LmLinear _gateProj;

        [ComponentName(Name = "up_proj")]
        private readonly LmLinear _upProj;

        [ComponentName(Name = "down_proj")]
        private readonly LmLinear _downProj;

        private readonly string _activation;

        public Mlp(LmConfig config, ScalarType storage)
            : base("mlp")
        {
            _activation = config.Activation;
            _gateProj = new LmLinear("gate_proj", config.HiddenSize, config.FfnSize, bias: false, storage);
            _upProj = new LmLinear("up_proj", config.HiddenSize, config.FfnSize, bias: false, storage);
            _downProj = new LmLinear("down_proj", config.FfnSize, config.HiddenSize, bias: false, storage);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = torch.NewDisposeScope();
            var gated = LmActivation.Apply(_activation, _gateProj.forward(x)) * _upProj.forward(x); // [B, T, F]
            return _downProj.forward(gated).MoveToOuterDisposeScope();
        }
    }
}
