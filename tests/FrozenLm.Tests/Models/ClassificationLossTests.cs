using FrozenLm.Heads;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Models;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class ClassificationLossTests
{
    [Fact]
    public void Soft_targets_match_hand_computed_values_with_and_without_smoothing()
    {
        using var logits = torch.tensor(new[] { 0f, (float)Math.Log(3) }, [1, 2]);            // probabilities 0.25, 0.75
        using var labels = torch.tensor(new long[] { 0 });
        using var half = torch.tensor(new[] { 0.5f, 0.5f }, [1, 2]);
        using var first = torch.tensor(new[] { 1f, 0f }, [1, 2]);

        using var plain = ClassificationLoss.Compute(logits, labels, half, 0.0);
        using var smoothed = ClassificationLoss.Compute(logits, labels, first, 0.2);           // target 0.9, 0.1

        Assert.Equal(0.5 * (Math.Log(4) + Math.Log(4.0 / 3)), plain.item<float>(), 5);
        Assert.Equal(0.9 * Math.Log(4) + 0.1 * Math.Log(4.0 / 3), smoothed.item<float>(), 5);
    }

    [Fact]
    public void One_hot_soft_targets_give_torchs_label_smoothed_cross_entropy_of_the_hard_labels()
    {
        torch.manual_seed(3).Dispose();
        using var logits = torch.randn(6, 5);
        using var labels = torch.tensor(new long[] { 0, 4, 2, 2, 1, 3 });
        using var oneHot = nn.functional.one_hot(labels, 5).to_type(ScalarType.Float32);

        using var hard = ClassificationLoss.Compute(logits, labels, null, 0.1);
        using var soft = ClassificationLoss.Compute(logits, labels, oneHot, 0.1);
        using var reference = nn.functional.cross_entropy(logits, labels, label_smoothing: 0.1);

        Assert.Equal(reference.item<float>(), hard.item<float>(), 6);
        Assert.Equal(reference.item<float>(), soft.item<float>(), 5);
    }
}
