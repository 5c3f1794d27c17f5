using FrozenLm.Tensors;
using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels;

/// <summary>
/// A BERT / RoBERTa encoder layer (no position embedding, full attention): post-LayerNorm sub-layers and exact GELU.
/// Keys: <c>attention.self.query</c>, <c>attention.output.dense</c>, <c>attention.output.LayerNorm</c>,
/// <c>intermediate.dense</c>, <c>output.dense</c>, <c>output.LayerNorm</c>.
/// </summary>
public sealed class BertBlock : LmBlock
{
    [ComponentName(Name = "attention")]
    private readonly AttentionPart _attention;

    [ComponentName(Name = "intermediate")]
    private readonly DenseOnly _intermediate;

    [ComponentName(Name = "output")]
    private readonly DenseNorm _output;

    public BertBlock(LmConfig config, int layerIndex, ScalarType storage)
        : base(nameof(BertBlock), config, layerIndex)
    {
        _attention = new AttentionPart(config, storage);
        _intermediate = new DenseOnly("intermediate", config.HiddenSize, config.FfnSize, storage);
        _output = new DenseNorm("output", config.FfnSize, config.HiddenSize, config.NormEps, storage);
        RegisterComponents();
    }

    /// <summary>Parameters of one layer under <paramref name="config"/>.</summary>
    public static long ParameterCount(LmConfig config)
    {
        long h = config.HiddenSize, f = config.FfnSize;
        return 4 * (h * h + h) + 2 * h + (h * f + f) + (f * h + h) + 2 * h;
    }

    public override Tensor forward(Tensor hidden) => forward(hidden, null);

    /// <summary>Runs the layer; <paramref name="keyMask"/> [B, T] (true = attend) is optional.</summary>
    public Tensor forward(Tensor hidden, Tensor? keyMask)
    {
        using var scope = torch.NewDisposeScope();
        var x = _attention.Forward(hidden, keyMask, Capture); // [B, T, H]
        LmCapture.Report(Capture, LmCapture.Attention, x);
        var inner = LmActivation.Apply(Config.Activation, _intermediate.forward(x)); // [B, T, F]
        var y = _output.Forward(inner, x); // [B, T, H]
        LmCapture.Report(Capture, LmCapture.Ffn, y);
        return y.MoveToOuterDisposeScope();
    }

    private sealed class AttentionPart : nn.Module
    {
        [ComponentName(Name = "self")]
        private readonly Projections _self;

        [ComponentName(Name = "output")]
        private readonly DenseNorm _output;

        private readonly LmConfig _config;

        public AttentionPart(LmConfig config, ScalarType storage)
            : base("attention")
        {
            _config = config;
            _self = new Projections(config.HiddenSize, storage);
            _output = new DenseNorm("output", config.HiddenSize, config.HiddenSize, config.NormEps, storage);
            RegisterComponents();
        }

        public Tensor Forward(Tensor x, Tensor? keyMask, Action<string, Tensor>? capture)
        {
            using var scope = torch.NewDisposeScope();
            var context = LmAttention.Attend(_self.Query.forward(x), _self.Key.forward(x), _self.Value.forward(x),
                _config.NumHeads, _config.NumHeads, _config.HeadDim, keyMask, capture); // [B, T, H]
            return _output.Forward(context, x).MoveToOuterDisposeScope();
        }
    }

    private sealed class Projections : nn.Module
    {
        [ComponentName(Name = "query")]
        private readonly LmLinear _query;

        [ComponentName(Name = "key")]
        private readonly LmLinear _key;

        [ComponentName(Name = "value")]
        private readonly LmLinear _value;

        public Projections(long hidden, ScalarType storage)
            : base("self")
        {
            _query = new LmLinear("query", hidden, hidden, bias: true, storage);
            _key = new LmLinear("key", hidden, hidden, bias: true, storage);
            _value = new LmLinear("value", hidden, hidden, bias: true, storage);
            RegisterComponents();
        }

        public LmLinear Query => _query;
        public LmLinear Key => _key;
        public LmLinear Value => _value;
    }

    private sealed class DenseOnly : nn.Module<Tensor, Tensor>
    {
        [ComponentName(Name = "dense")]
        private readonly LmLinear _dense;

        public DenseOnly(string name, long inFeatures, long outFeatures, ScalarType storage)
            : base(name)
        {
            _dense = new LmLinear("dense", inFeatures, outFeatures, bias: true, storage);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => _dense.forward(x);
    }

    private sealed class DenseNorm : nn.Module
    {
        [ComponentName(Name = "dense")]
        private readonly LmLinear _dense;

        [ComponentName(Name = "LayerNorm")]
        private readonly LmLayerNorm _layerNorm;

        public DenseNorm(string name, long inFeatures, long outFeatures, double eps, ScalarType storage)
            : base(name)
        {
            _dense = new LmLinear("dense", inFeatures, outFeatures, bias: true, storage);
            _layerNorm = new LmLayerNorm("LayerNorm", outFeatures, eps, storage);
            RegisterComponents();
        }

        /// <summary>LayerNorm(residual + dense(x)).</summary>
        public Tensor Forward(Tensor x, Tensor residual)
        {
            using var scope = torch.NewDisposeScope();
            return _layerNorm.forward(residual.add(_dense.forward(x), Scalars.One)).MoveToOuterDisposeScope();
        }
    }
}
