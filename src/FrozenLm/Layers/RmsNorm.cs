using FrozenLm.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Layers;

/// <summary>Parameter-free RMS norm over the last dimension: x / sqrt(mean(x²) + eps) (the paper's norm after the LM block).</summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Scalar _eps;

    public RmsNorm(double eps)
        : base(nameof(RmsNorm))
    {
        Eps = eps;
        _eps = eps.ToScalar();
    }

    public double Eps { get; }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        return x.mul(x.pow(Scalars.Two).mean([-1L], keepdim: true).add(_eps, Scalars.One).rsqrt()).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _eps.Dispose();
        base.Dispose(disposing);
    }
}
