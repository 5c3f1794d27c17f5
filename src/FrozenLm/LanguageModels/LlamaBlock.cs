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
    private readonly SelfAttention _selfAttn;

    [ComponentName(Name = "mlp")]
    private readonly Mlp _mlp;

    [ComponentName(Name = "input_layernorm")]
    private readonly LmRmsNorm _inputLayerNorm;

    [ComponentName(Name = "post_attention_layernorm")]
    private readonly LmRmsNorm _postAttentionLayerNorm;

    public LlamaBlock(LmConfig config, int layerIndex, ScalarType storage)
        : base(nameof(LlamaBlock), config, layerIndex)
    {
        _selfAttn = new SelfAttention(config, storage);
        _mlp = new Mlp(config, storage);
        _inputLayerNorm = new LmRmsNorm("input_layernorm", config.HiddenSize, config.NormEps, storage);
        _postAttentionLayerNorm = new LmRmsNorm("post_attention_layernorm", config.HiddenSize, config.NormEps, storage);
        RegisterComponents();
    }

    /// <summary>Parameters of one layer under <paramref name="config"/>.</summary>
    public static long ParameterCount(LmConfig config)
    {
        long h = config.HiddenSize, hd = config.HeadDim, q = config.NumHeads * hd, kv = config.NumKvHeads * hd;
        var attention = h * q + 2 * h * kv + q * h + (config.QkvBias ? q + 2 * kv : 0) + (config.OutputBias ? h : 0);
        var mlp = 3 * h * config.FfnSize + (config.MlpBias ? 2 * config.FfnSize + h : 0);
        return attention + mlp + 2 * h;
    }

    public override Tensor forward(Tensor hidden) => forward(hidden, null);

    /// <summary>Runs the layer; <paramref name="keyMask"/> [B, T] (true = attend) is optional.</summary>
    public Tensor forward(Tensor hidden, Tensor? keyMask)
    {
        using var scope = torch.NewDisposeScope();
        var x = hidden + _selfAttn.Forward(_inputLayerNorm.forward(hidden), keyMask, Capture); // [B, T, H]
        LmCapture.Report(Capture, LmCapture.Attention, x);
        var y = x + _mlp.forward(_postAttentionLayerNorm.forward(x)); // [B, T, H]
        LmCapture.Report(Capture, LmCapture.Ffn, y);
        return y.MoveToOuterDisposeScope();
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
            _gateProj = new LmLinear("gate_proj", config.HiddenSize, config.FfnSize, config.MlpBias, storage);
            _upProj = new LmLinear("up_proj", config.HiddenSize, config.FfnSize, config.MlpBias, storage);
            _downProj = new LmLinear("down_proj", config.FfnSize, config.HiddenSize, config.MlpBias, storage);
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
