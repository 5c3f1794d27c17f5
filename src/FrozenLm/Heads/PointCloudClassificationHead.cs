using FrozenLm.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Heads;

/// <summary>
/// Point-BERT's classification head: features of concat(CLS, max over group tokens) [B, 2*dim] -> Linear -> ReLU ->
/// Dropout -> Linear -> logits [B, classes]. Input is the normed token sequence [B, 1 + G, dim].
/// </summary>
public sealed class PointCloudClassificationHead : nn.Module<Tensor, Tensor>
{
    private readonly Sequential cls_head_finetune;

    public PointCloudClassificationHead(int dim, int hidden, double dropout, int classes)
        : base(nameof(PointCloudClassificationHead))
    {
        cls_head_finetune = nn.Sequential(
            nn.Linear(2 * dim, hidden),
            nn.ReLU(),
            nn.Dropout(dropout),
            nn.Linear(hidden, classes));
        RegisterComponents();
        using var noGrad = no_grad();
        foreach (var (_, m) in cls_head_finetune.named_modules())
        {
            if (m is Linear linear)
            {
                Init.TruncNormal(linear.weight, std: 0.02);
                if (linear.bias is not null) nn.init.zeros_(linear.bias);
            }
        }
    }

    public override Tensor forward(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var cls = tokens.select(1, 0);                                                 // [B, D]
        var pooled = tokens.narrow(1, 1, tokens.shape[1] - 1).amax([1]);              // [B, D]
        return cls_head_finetune.forward(cat([cls, pooled], 1)).MoveToOuterDisposeScope(); // [B, classes]
    }
}
