using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Layers;

/// <summary>Weight initialisation used by the vision models (DeiT/timm style), drawn from torch's global generator.</summary>
public static class Init
{
    /// <summary>Fills <paramref name="tensor"/> in place from a normal(0, std) truncated at ±2 std.</summary>
    public static void TruncNormal(Tensor tensor, double std = 0.02)
    {
        using var _ = torch.no_grad();
        nn.init.trunc_normal_(tensor, 0.0, std, -2.0 * std, 2.0 * std);
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
