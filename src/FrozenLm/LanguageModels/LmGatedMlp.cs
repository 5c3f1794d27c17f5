using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels;

/// <summary>
/// The gated MLP (<c>mlp</c>): down(act(gate(x)) * up(x)), SwiGLU or GeGLU by the config's activation, over separate
/// <c>gate_proj</c>/<c>up_proj</c> or a fused <c>gate_up_proj</c> (rows [gate; up]), then <c>down_proj</c>.
/// </summary>
public sealed class LmGatedMlp : nn.Module<Tensor, Tensor>
{
    private readonly (LmLinear Gate, LmLinear Up)? _separate;
    private readonly LmLinear? _fused;
    private readonly LmLinear _down;
    private readonly string _activation;
    private readonly long _ffn;

    private LmGatedMlp(LmConfig config, ScalarType storage, bool fused, bool bias)
        : base("mlp")
    {
        _activation = config.Activation;
        _ffn = config.FfnSize;
        if (fused)
        {
            _fused = new LmLinear("gate_up_proj", config.HiddenSize, 2 * _ffn, bias, storage);
            register_module("gate_up_proj", _fused);
        }
        else
        {
            _separate = (new LmLinear("gate_proj", config.HiddenSize, _ffn, bias, storage),
                new LmLinear("up_proj", config.HiddenSize, _ffn, bias, storage));
            register_module("gate_proj", _separate.Value.Gate);
            register_module("up_proj", _separate.Value.Up);
        }
        _down = new LmLinear("down_proj", _ffn, config.HiddenSize, bias, storage);
        register_module("down_proj", _down);
    }

    /// <summary>Separate gate and up projections, biased when <paramref name="bias"/> (llama's <c>mlp_bias</c>).</summary>
    public static LmGatedMlp Separate(LmConfig config, ScalarType storage, bool bias) => new(config, storage, fused: false, bias);

    /// <summary>The fused, bias-free <c>gate_up_proj</c> of Phi-3.</summary>
    public static LmGatedMlp Fused(LmConfig config, ScalarType storage) => new(config, storage, fused: true, bias: false);

    /// <summary>Parameters of the three (or two fused) projections, with or without biases.</summary>
    public static long ParameterCount(LmConfig config, bool bias)
    {
        long h = config.HiddenSize, f = config.FfnSize;
        return 3 * h * f + (bias ? 2 * f + h : 0);
    }

    /// <summary>The constructor registers the projections under their Hugging Face names; fields must not add more.</summary>
    protected override void RegisterComponents()
    {
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        Tensor gate, up;
        if (_separate is { } p)
        {
            (gate, up) = (p.Gate.forward(x), p.Up.forward(x)); // [B, T, F] each
        }
        else
        {
            var gateUp = _fused!.forward(x); // [B, T, 2F]
            (gate, up) = (gateUp.narrow(-1, 0, _ffn), gateUp.narrow(-1, _ffn, _ffn));
        }
        return _down.forward(LmActivation.Apply(_activation, gate) * up).MoveToOuterDisposeScope();
    }
}
