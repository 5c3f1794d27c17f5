using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Layers;

/// <summary>Parameter-free RMS norm over the last dimension: x / sqrt(mean(x²) + eps) (the paper's norm after the LM block).</summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    public RmsNorm(double eps)
        : base(nameof(RmsNorm))
    {
        Eps = eps;
    }

    public double Eps { get; }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        return x.mul(x.pow(2).mean([-1L], keepdim: true).add(Eps).rsqrt()).MoveToOuterDisposeScope();
    }
}
