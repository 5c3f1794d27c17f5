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
        foreach (var (_, m) in module.named_modules().Prepend(("", module)))
        {
            switch (m)
            {
                case Linear linear:
                    nn.init.trunc_normal_(linear.weight, std: 0.02);
                    if (linear.bias is not null) nn.init.zeros_(linear.bias);
                    break;
                case Conv1d conv:
                    nn.init.trunc_normal_(conv.weight, std: 0.02);
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
