using FrozenLm.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Encoders.PointCloud;

/// <summary>
/// Point-BERT's weight init (its <c>_init_weights</c>): linear and 1x1-conv weights timm's
/// <c>trunc_normal_(std=.02)</c> (bounds +-2 absolute), biases 0, LayerNorm weight 1 and bias 0.
/// </summary>
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
                    Init.TruncNormal(linear.weight, std: 0.02);
                    if (linear.bias is not null) nn.init.zeros_(linear.bias);
                    break;
                case Conv1d conv:
                    Init.TruncNormal(conv.weight, std: 0.02);
                    if (conv.bias is not null) nn.init.zeros_(conv.bias);
                    break;
                case LayerNorm norm:
                    if (norm.weight is not null) nn.init.ones_(norm.weight);
                    if (norm.bias is not null) nn.init.zeros_(norm.bias);
                    break;
            }
        }
    }
}
