using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Layers;

/// <summary>Weight initialisation used by the vision models (DeiT/timm style), drawn from torch's global generator.</summary>
public static class Init
{
    /// <summary>
    /// Fills <paramref name="tensor"/> in place from a normal(0, std) truncated at ±2 std (inverse-CDF sampling:
    /// uniform in [Φ(-2), Φ(2)], mapped through the normal quantile).
    /// </summary>
    public static void TruncNormal(Tensor tensor, double std = 0.02)
    {
        using var _ = torch.no_grad();
        var lower = 2.0 * NormalCdf(-2.0) - 1.0;
        var upper = 2.0 * NormalCdf(2.0) - 1.0;
        tensor.uniform_(lower, upper).erfinv_().mul_(std * Math.Sqrt(2.0)).clamp_(-2.0 * std, 2.0 * std);
    }

    private static double NormalCdf(double x) => 0.5 * (1.0 + Erf(x / Math.Sqrt(2.0)));

    private static double Erf(double x)
    {
        double sum = x, term = x;
        for (var n = 1; n < 60; n++)
        {
            term *= -x * x / n;
            sum += term / (2 * n + 1);
        }
        return 2.0 / Math.Sqrt(Math.PI) * sum;
    }

    /// <summary>Linear weights truncated-normal (std 0.02), biases zero; LayerNorm weight one, bias zero.</summary>
    public static void VitDefaults(nn.Module module)
    {
        using var _ = torch.no_grad();
        foreach (var child in module.modules().Prepend(module).Distinct())
        {
            switch (child)
            {
                case TorchSharp.Modules.Linear linear:
                    TruncNormal(linear.weight!);
                    linear.bias?.zero_();
                    break;
                case TorchSharp.Modules.LayerNorm norm:
                    norm.weight?.fill_(1.0);
                    norm.bias?.zero_();
                    break;
            }
        }
    }
}
