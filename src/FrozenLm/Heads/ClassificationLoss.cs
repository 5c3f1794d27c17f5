using FrozenLm.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Heads;

/// <summary>
/// The classification tasks' training loss: cross-entropy with label smoothing on hard labels, or, when mixup / cutmix
/// produced soft targets [B, K], the soft-target cross-entropy against <c>(1 - s) target + s / K</c> (timm's
/// <c>SoftTargetCrossEntropy</c> after its mixup smoothing). Mean over the batch.
/// </summary>
public static class ClassificationLoss
{
    /// <param name="logits">[B, K].</param>
    /// <param name="labels">[B] class indices (used when <paramref name="softTargets"/> is null).</param>
    /// <param name="softTargets">[B, K] rows summing to one, or null.</param>
    /// <param name="smoothing">Label smoothing s in [0, 1).</param>
    public static Tensor Compute(Tensor logits, Tensor labels, Tensor? softTargets, double smoothing)
    {
        using var scope = torch.NewDisposeScope();
        Tensor loss;
        if (softTargets is { } soft)
        {
            using var keep = (1.0 - smoothing).ToScalar();
            using var spread = (smoothing / logits.shape[1]).ToScalar();
            var target = soft.mul(keep).add(spread, Scalars.One);                                  // [B, K]
            loss = target.mul(logits.log_softmax(-1)).sum(-1).neg().mean();
        }
        else
        {
            loss = nn.functional.cross_entropy(logits, labels, label_smoothing: smoothing);
        }
        return loss.MoveToOuterDisposeScope();
    }
}
