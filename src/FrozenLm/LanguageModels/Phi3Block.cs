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
    private readonly SelfAttention _selfAttn;

    [ComponentName(Name = "mlp")]
    private readonly Mlp _mlp;

    [ComponentName(Name = "input_layernorm")]
    private readonly LmRmsNorm _inputLayerNorm;

    [ComponentName(Name = "post_attention_layernorm")]
    private readonly LmRmsNorm _postAttentionLayerNorm;

    public Phi3Block(LmConfig config, int layerIndex, ScalarType storage)
        : base(nameof(Phi3Block), config, layerIndex)
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
        return h * (q + 2 * kv) + q * h + 3 * h * config.FfnSize + 2 * h;
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

    private sealed class SelfAttention : nn.Module
    {
        [ComponentName(Name = "qkv_proj")]
        private readonly LmLinear _qkvProj;

        [ComponentName(Name = "o_proj")]
        private readonly LmLinear _oProj;

        private readonly LmConfig _config;
        private readonly long _qSize;
        private readonly long _kvSize;

        public SelfAttention(LmConfig config, ScalarType storage)
            : base("self_attn")
        {
            _config = config;
            _qSize = (long)config.NumHeads * config.HeadDim;
            _kvSize = (long)config.NumKvHeads * config.HeadDim;
            _qkvProj = new LmLinear("qkv_proj", config.HiddenSize, _qSize + 2 * _kvSize, bias: false, storage);
            _oProj = new LmLinear("o_proj", _qSize, config.HiddenSize, bias: false, storage);
            RegisterComponents();
        }

        public Tensor Forward(Tensor x, Tensor? keyMask, Action<string, Tensor>? capture)
        {
            using var scope = torch.NewDisposeScope();
            var qkv = _qkvProj.forward(x); // [B, T, q + 2 kv]
            var context = LmAttention.Attend(qkv.narrow(-1, 0, _qSize), qkv.narrow(-1, _qSize, _kvSize),
                qkv.narrow(-1, _qSize + _kvSize, _kvSize), _config.NumHeads, _config.NumKvHeads, _config.HeadDim,
                keyMask, capture); // [B, T, heads*hd]
            return _oProj.forward(context).MoveToOuterDisposeScope();
        }
    }

    private sealed class Mlp : nn.Module<Tensor, Tensor>
    {
        [ComponentName(Name = "gate_up_proj")]
        private readonly LmLinear _gateUpProj;

        [ComponentName(Name = "down_proj")]
        private readonly LmLinear _downProj;

        private readonly string _activation;
        private readonly long _ffn;

        public Mlp(LmConfig config, ScalarType storage)
            : base("mlp")
        {
            _activation = config.Activation;
            _ffn = config.FfnSize;
            _gateUpProj = new LmLinear("gate_up_proj", config.HiddenSize, 2 * _ffn, bias: false, storage);
            _downProj = new LmLinear("down_proj", _ffn, config.HiddenSize, bias: false, storage);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = torch.NewDisposeScope();
            var gateUp = _gateUpProj.forward(x); // [B, T, 2F]
            var gated = gateUp.narrow(-1, _ffn, _ffn) * LmActivation.Apply(_activation, gateUp.narrow(-1, 0, _ffn)); // [B, T, F]
            return _downProj.forward(gated).MoveToOuterDisposeScope();
        }
    }
}
