using FrozenLm.Tensors;
using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels;

/// <summary>
/// A Phi-3-small decoder layer (remote code <c>modeling_phi3_small.py</c>) without rotary embedding, causal mask or the
/// block-sparse pattern of its sparse layers (a causal local / vertical-stride mask, dropped like causality: attention
/// is full for every layer): pre-LayerNorm with bias (fp32), grouped-query attention from the fused
/// <c>self_attn.query_key_value</c> laid out per key/value group ([q_0 .. q_m-1, k, v] per group), muP logit scale,
/// biased <c>self_attn.dense</c>, and gegelu from the biased <c>mlp.up_proj</c> whose rows interleave the quick-GELU and
/// linear halves (even, odd), both clamped to <c>gegelu_limit</c>, then <c>mlp.down_proj</c>.
/// Keys: <c>self_attn.query_key_value</c>, <c>self_attn.dense</c>, <c>mlp.up_proj</c>, <c>mlp.down_proj</c> (weight and
/// bias each), <c>input_layernorm</c>, <c>post_attention_layernorm</c> (weight and bias).
/// </summary>
public sealed class Phi3SmallBlock : LmBlock
{
    [ComponentName(Name = "self_attn")]
    private readonly SelfAttention _selfAttn;

    [ComponentName(Name = "mlp")]
    private readonly Mlp _mlp;

    [ComponentName(Name = "input_layernorm")]
    private readonly LmLayerNorm _inputLayerNorm;

    [ComponentName(Name = "post_attention_layernorm")]
    private readonly LmLayerNorm _postAttentionLayerNorm;

    public Phi3SmallBlock(LmConfig config, int layerIndex, ScalarType storage)
        : base(nameof(Phi3SmallBlock), config, layerIndex)
    {
        _selfAttn = new SelfAttention(config, storage);
        _mlp = new Mlp(config, storage);
        _inputLayerNorm = new LmLayerNorm("input_layernorm", config.HiddenSize, config.NormEps, storage);
        _postAttentionLayerNorm = new LmLayerNorm("post_attention_layernorm", config.HiddenSize, config.NormEps, storage);
        RegisterComponents();
    }

    /// <summary>Parameters of one layer under <paramref name="config"/>.</summary>
    public static long ParameterCount(LmConfig config)
    {
        long h = config.HiddenSize, hd = config.HeadDim, f = config.FfnSize;
        var qkv = (config.NumHeads + 2L * config.NumKvHeads) * hd;
        return (h + 1) * qkv + (h + 1) * h + (h + 1) * 2 * f + (f + 1) * h + 4 * h;
    }

    public override Tensor forward(Tensor hidden) => forward(hidden, null);

    /// <summary>Runs the layer; <paramref name="keyMask"/> [B, T] (true = attend) is optional.</summary>
    public Tensor forward(Tensor hidden, Tensor? keyMask)
    {
        using var scope = torch.NewDisposeScope();
        var x = hidden.add(_selfAttn.Forward(_inputLayerNorm.forward(hidden), keyMask, Capture), Scalars.One); // [B, T, H]
        LmCapture.Report(Capture, LmCapture.Attention, x);
        var y = x.add(_mlp.forward(_postAttentionLayerNorm.forward(x)), Scalars.One); // [B, T, H]
        LmCapture.Report(Capture, LmCapture.Ffn, y);
        return y.MoveToOuterDisposeScope();
    }

    private sealed class SelfAttention : nn.Module
    {
        [ComponentName(Name = "query_key_value")]
        private readonly LmLinear _queryKeyValue;

        [ComponentName(Name = "dense")]
        private readonly LmLinear _dense;

        private readonly LmConfig _config;
        private readonly int _qPerKv;

        // LmAttention scales the logits by 1/sqrt(head_dim); the queries carry the rest of the configured scale.
        private readonly double _queryScale;

        public SelfAttention(LmConfig config, ScalarType storage)
            : base("self_attn")
        {
            _config = config;
            _qPerKv = config.NumHeads / config.NumKvHeads;
            var hd = (long)config.HeadDim;
            _queryScale = (config.AttentionScale ?? 1.0 / Math.Sqrt(hd)) * Math.Sqrt(hd);
            _queryKeyValue = new LmLinear("query_key_value", config.HiddenSize, (config.NumHeads + 2L * config.NumKvHeads) * hd,
                bias: true, storage);
            _dense = new LmLinear("dense", config.NumHeads * hd, config.HiddenSize, bias: true, storage);
            RegisterComponents();
        }

        public Tensor Forward(Tensor x, Tensor? keyMask, Action<string, Tensor>? capture)
        {
            using var scope = torch.NewDisposeScope();
            var (b, t) = (x.shape[0], x.shape[1]);
            var (kvHeads, hd) = ((long)_config.NumKvHeads, (long)_config.HeadDim);
            var groups = _queryKeyValue.forward(x).view(b, t, kvHeads, _qPerKv + 2, hd); // [B, T, KV, m + 2, hd]
            var q = groups.narrow(3, 0, _qPerKv).reshape(b, t, _config.NumHeads * hd); // heads group-major: head = g * m + j
            var k = groups.select(3, _qPerKv).reshape(b, t, kvHeads * hd); // [B, T, KV*hd]
            var v = groups.select(3, _qPerKv + 1).reshape(b, t, kvHeads * hd);
            if (_queryScale != 1.0)
            {
                using var s = _queryScale.ToScalar();
                q = q * s;
            }
            var context = LmAttention.Attend(q, k, v, _config.NumHeads, _config.NumKvHeads, _config.HeadDim, keyMask, capture);
            return _dense.forward(context).MoveToOuterDisposeScope();
        }
    }

    private sealed class Mlp : nn.Module<Tensor, Tensor>
    {
        [ComponentName(Name = "up_proj")]
        private readonly LmLinear _upProj;

        [ComponentName(Name = "down_proj")]
        private readonly LmLinear _downProj;

        private readonly long _ffn;
        private readonly double? _limit;

        public Mlp(LmConfig config, ScalarType storage)
            : base("mlp")
        {
            _ffn = config.FfnSize;
            _limit = config.ActivationLimit;
            _upProj = new LmLinear("up_proj", config.HiddenSize, 2 * _ffn, bias: true, storage);
            _downProj = new LmLinear("down_proj", _ffn, config.HiddenSize, bias: true, storage);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = torch.NewDisposeScope();
            var pairs = _upProj.forward(x).view(x.shape[0], x.shape[1], _ffn, 2); // [B, T, F, 2]: (gelu, linear) per unit
            var gelu = pairs.select(-1, 0);
            var linear = pairs.select(-1, 1);
            if (_limit is { } limit)
            {
                using var max = limit.ToScalar();
                using var min = (-limit).ToScalar();
                gelu = torch.where(gelu.isinf(), gelu, gelu.clamp_max(max));
                linear = torch.where(linear.isinf(), linear, linear.clamp(min, max));
            }
            using var one = 1.0.ToScalar();
            var gated = LmActivation.Apply("quick_gelu", gelu) * linear.add(one, Scalars.One); // [B, T, F]
            return _downProj.forward(gated).MoveToOuterDisposeScope();
        }
    }
}
