using FrozenLm.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels;

/// <summary>
/// LLaMA RMSNorm computed in fp32: x / sqrt(mean(x^2) + eps) * weight. Without a weight it is the paper's
/// parameter-free RMS norm (weight fixed at 1).
/// </summary>
public sealed class LmRmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter? _weight;
    private readonly double _eps;
    private readonly Scalar _epsScalar;

    public LmRmsNorm(string name, long size, double eps, ScalarType storage, bool learnable = true)
        : base(name)
    {
        _eps = eps;
        _epsScalar = eps.ToScalar();
        if (learnable)
            _weight = new Parameter(torch.empty(size, storage));
        if (_weight is not null)
            register_parameter("weight", _weight);
    }

    public Parameter? Weight => _weight;

    public double Eps => _eps;

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var x = input.to(ScalarType.Float32);
        var y = x * torch.rsqrt(x.pow(Scalars.Two).mean([-1L], keepdim: true).add(_epsScalar, Scalars.One));
        if (_weight is not null)
            y = y * _weight.to(ScalarType.Float32);
        return y.to(input.dtype).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _epsScalar.Dispose();
        base.Dispose(disposing);
    }
}
