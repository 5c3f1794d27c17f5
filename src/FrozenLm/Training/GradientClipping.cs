using FrozenLm.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Training;

/// <summary>Measures the global L2 norm of the parameters' gradients and, when asked, scales them down to a maximum.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Returns the global gradient norm before clipping; when <paramref name="maxNorm"/> &gt; 0 and the norm exceeds it,
    /// multiplies every gradient by maxNorm / (norm + 1e-6), as <c>torch.nn.utils.clip_grad_norm_</c> does.
    /// </summary>
    public static double ClipGlobalNorm(IReadOnlyList<Tensor> parameters, double maxNorm)
    {
        using var scope = NewDisposeScope();
        var grads = parameters.Select(p => p.grad).Where(g => g is not null).Select(g => g!).ToList();
        if (grads.Count == 0)
            return 0;
        using var noGrad = no_grad();
        var norm = stack(grads.Select(g => g.to(float64).pow(Scalars.Two).sum()).ToList()).sum().sqrt().item<double>();
        if (maxNorm > 0 && norm > maxNorm)
        {
            using var scale = (maxNorm / (norm + 1e-6)).ToScalar();
            foreach (var g in grads)
                g.mul_(scale);
        }
        return norm;
    }
}
