using FrozenLm.Layers;
using FrozenLm.LanguageModels;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Flops;

/// <summary>
/// Counts a module applied row-wise (to every token, point or vector of a sample): each weight matrix or kernel
/// (a parameter named <c>weight</c> with 2 or more dimensions) costs 2 x rows x its size, as a linear map or a
/// kernel-1 / stride = kernel convolution of that many outputs does; every self-attention inside adds its
/// weight-free score and weighted-sum products, 4 x rows^2 x its width. Frozen or trainable follows the weight's
/// <c>requires_grad</c>.
/// </summary>
public static class ModuleFlops
{
    /// <summary>FLOPs of <paramref name="module"/> applied to <paramref name="rows"/> rows per sample.</summary>
    public static FlopCount RowWise(nn.Module module, long rows)
    {
        var count = FlopCount.Zero;
        foreach (var (name, p) in module.named_parameters())
        {
            if (p.dim() < 2 || !(name == "weight" || name.EndsWith(".weight", StringComparison.Ordinal)))
                continue;
            var flops = 2.0 * rows * p.numel();
            count += p.requires_grad ? new FlopCount(flops, 0, 0) : new FlopCount(0, flops, 0);
        }
        return count + AttentionProducts(module, rows);
    }

    /// <summary>The score (Q K^T) and weighted-sum (A V) products of every self-attention in <paramref name="module"/>.</summary>
    public static FlopCount AttentionProducts(nn.Module module, long tokens)
    {
        double flops = 0;
        foreach (var (_, m) in module.named_modules().Prepend(("", module)))
        {
            long width = m switch
            {
                Attention a => a.Width,
                LmBlock b => (long)b.Config.NumHeads * b.Config.HeadDim,
                _ => 0,
            };
            flops += 4.0 * tokens * tokens * width;
        }
        return new FlopCount(0, 0, flops);
    }

    /// <summary>FLOPs of a single linear map applied to <paramref name="rows"/> rows.</summary>
    public static FlopCount Linear(long rows, long inFeatures, long outFeatures, bool trainable = true)
    {
        var flops = 2.0 * rows * inFeatures * outFeatures;
        return trainable ? new FlopCount(flops, 0, 0) : new FlopCount(0, flops, 0);
    }
}
