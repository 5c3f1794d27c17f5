using FrozenLm.Tensors;
using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels;

/// <summary>
/// An OPT decoder layer without causal mask or positions: biased projections, ReLU FFN, LayerNorm before each
/// sub-layer, or after it when <c>do_layer_norm_before</c> is false (OPT-350m). Keys: <c>self_attn.q_proj.weight</c>,
/// <c>self_attn_layer_norm</c>, <c>fc1</c>, <c>fc2</c>, <c>final_layer_norm</c>.
/// </summary>
public sealed class OptBlock : LmBlock
{
    [ComponentName(Name = "self_attn")]
    private readonly LmSelfAttention _selfAttn;

    [ComponentName(Name = "self_attn_layer_norm")]
    private readonly LmLayerNorm _selfAttnLayerNorm;

    [ComponentName(Name = "fc1")]
    private readonly LmLinear _fc1;

    [ComponentName(Name = "fc2")]
    private readonly LmLinear _fc2;

    [ComponentName(Name = "final_layer_norm")]
    private readonly LmLayerNorm _finalLayerNorm;

    public OptBlock(LmConfig config, int layerIndex, ScalarType storage)
        : base(nameof(OptBlock), config, layerIndex)
    {
        _selfAttn = LmSelfAttention.Separate(config, storage, outputName: "out_proj");
        _selfAttnLayerNorm = new LmLayerNorm("self_attn_layer_norm", config.HiddenSize, config.NormEps, storage);
        _fc1 = new LmLinear("fc1", config.HiddenSize, config.FfnSize, config.MlpBias, storage);
        _fc2 = new LmLinear("fc2", config.FfnSize, config.HiddenSize, config.MlpBias, storage);
        _finalLayerNorm = new LmLayerNorm("final_layer_norm", config.HiddenSize, config.NormEps, storage);
        RegisterComponents();
    }

    /// <summary>Parameters of one layer under <paramref name="config"/>.</summary>
    public static long ParameterCount(LmConfig config)
    {
        long h = config.HiddenSize, f = config.FfnSize;
        return LmSelfAttention.ParameterCount(config) + 2 * h * f + (config.MlpBias ? f + h : 0) + 4 * h;
    }

    public override Tensor forward(Tensor hidden) => forward(hidden, null);

    /// <summary>Runs the layer; <paramref name="keyMask"/> [B, T] (true = attend) is optional.</summary>
    public Tensor forward(Tensor hidden, Tensor? keyMask)
    {
        using var scope = torch.NewDisposeScope();
        var pre = Config.PreNorm;
        var x = hidden.add(_selfAttn.Forward(pre ? _selfAttnLayerNorm.forward(hidden) : hidden, keyMask, Capture), Scalars.One); // [B, T, H]
        if (!pre)
            x = _selfAttnLayerNorm.forward(x);
        LmCapture.Report(Capture, LmCapture.Attention, x);
        var inner = LmActivation.Apply(Config.Activation, _fc1.forward(pre ? _finalLayerNorm.forward(x) : x)); // [B, T, F]
        var y = x.add(_fc2.forward(inner), Scalars.One);
        if (!pre)
            y = _finalLayerNorm.forward(y);
        LmCapture.Report(Capture, LmCapture.Ffn, y);
        return y.MoveToOuterDisposeScope();
    }
}
