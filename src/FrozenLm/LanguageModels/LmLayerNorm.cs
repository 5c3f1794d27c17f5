using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels;

/// <summary>LayerNorm with weight and bias, computed in fp32 whatever the storage or input dtype.</summary>
public sealed class LmLayerNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _weight;
    private readonly Parameter? _bias;
    private readonly double _eps;

    public LmLayerNorm(string name, long size, double eps, ScalarType storage)
        : base(name)
    {
        _eps = eps;
        _weight = new Parameter(torch.empty(size, storage));
        _bias = new Parameter(torch.empty(size, storage));
        register_parameter("weight", _weight);
        if (_bias is not null)
            register_parameter("bias", _bias);
    }

    public Parameter Weight => _weight;
    public Parameter Bias => _bias!;

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var y = nn.functional.layer_norm(input.to(ScalarType.Float32), [input.shape[^1]],
            _weight.to(ScalarType.Float32), _bias!.to(ScalarType.Float32), _eps);
        return y.to(input.dtype).MoveToOuterDisposeScope();
    }
}
