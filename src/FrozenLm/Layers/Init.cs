using FrozenLm.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Layers;

/// <summary>Weight initialisation used by the vision models (DeiT/timm style), drawn from torch's global generator.</summary>
public static class Init
{
    /// <summary>
    /// timm's <c>trunc_normal_(tensor, mean, std, a, b)</c>: fills <paramref name="tensor"/> in place from normal(mean, std)
    /// truncated to [<paramref name="a"/>, <paramref name="b"/>] in absolute units (inverse-CDF sampling, as timm does).
    /// With the defaults a = -2, b = 2 and std 0.02 the truncation is 100 std away, i.e. practically a plain normal.
    /// TorchSharp 0.107's own <c>nn.init.trunc_normal_</c> fills every element with the same magnitude.
    /// </summary>
    public static void TruncNormal(Tensor tensor, double mean = 0.0, double std = 0.02, double a = -2.0, double b = 2.0)
    {
        if (!(std > 0) || !(a < b))
            throw new ArgumentOutOfRangeException(nameof(std), $"need std > 0 and a < b, got std {std}, a {a}, b {b}");
        using var _ = torch.no_grad();
        var lower = 2.0 * NormalCdf((a - mean) / std) - 1.0;
        var upper = 2.0 * NormalCdf((b - mean) / std) - 1.0;
        using var scale = (std * Math.Sqrt(2.0)).ToScalar();
        using var shift = mean.ToScalar();
        using var low = a.ToScalar();
        using var high = b.ToScalar();
        tensor.uniform_(lower, upper).erfinv_().mul_(scale).add_(shift, Scalars.One).clamp_(low, high);
    }

    private static double NormalCdf(double x)
    {
        using var t = torch.tensor(x / Math.Sqrt(2.0), ScalarType.Float64);
        using var erf = t.erf();
        return 0.5 * (1.0 + erf.item<double>());
    }

    /// <summary>Linear weights truncated-normal (std 0.02), biases zero; LayerNorm weight one, bias zero.</summary>
    public static void VitDefaults(nn.Module module) => Defaults(module, LinearInit.TruncNormal);

    /// <summary>Linear weights as <paramref name="linearInit"/> says, biases zero; LayerNorm weight one, bias zero.</summary>
    public static void Defaults(nn.Module module, LinearInit linearInit)
    {
        using var _ = torch.no_grad();
        foreach (var child in module.modules().Prepend(module).Distinct())
        {
            switch (child)
            {
                case TorchSharp.Modules.Linear linear:
                    if (linearInit == LinearInit.Xavier)
                        nn.init.xavier_uniform_(linear.weight!);
                    else
                        TruncNormal(linear.weight!);
                    linear.bias?.zero_();
                    break;
                case TorchSharp.Modules.LayerNorm norm:
                    norm.weight?.fill_(Scalars.One);
                    norm.bias?.zero_();
                    break;
            }
        }
    }
}
