using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Encoders.PointCloud;

/// <summary>Point-BERT's weight init: linear and 1x1-conv weights truncated normal (std 0.02), biases 0, norms 1/0.</summary>
internal static class PointBertInit
{
    public static void Apply(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var m in module.modules().Prepend(module).Distinct())
        {
            switch (m)
            {
                case Linear linear:
                    TruncNormal(linear.weight, 0.02);
                    if (linear.bias is not null) nn.init.zeros_(linear.bias);
                    break;
                case Conv1d conv:
                    TruncNormal(conv.weight, 0.02);
                    if (conv.bias is not null) nn.init.zeros_(conv.bias);
                    break;
                case LayerNorm norm:
                    if (norm.weight is not null) nn.init.ones_(norm.weight);
                    if (norm.bias is not null) nn.init.zeros_(norm.bias);
                    break;
            }
        }
    }

    /// <summary>
    /// timm's trunc_normal_(std, a=-2, b=2): normal draws cut at the absolute bounds +-2. Written here because
    /// TorchSharp 0.107's nn.init.trunc_normal_ fills every element with the same magnitude (observed: all |w| = std).
    /// </summary>
    public static void TruncNormal(Tensor t, double std)
    {
        using var noGrad = no_grad();
        t.normal_(0, std).clamp_(-2, 2);
    }
}
