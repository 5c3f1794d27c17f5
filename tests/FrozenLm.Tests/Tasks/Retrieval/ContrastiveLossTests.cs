using System.Text.Json.Nodes;
using FrozenLm.Tasks.Retrieval;
using TorchSharp;

namespace FrozenLm.Tests.Tasks.Retrieval;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class ContrastiveLossTests
{
    private static readonly JsonNode Golden = JsonNode.Parse(File.ReadAllText(TestPaths.Fixture("retrieval", "contrastive.json")))!;

    private static torch.Tensor Matrix(string key) =>
        torch.tensor(Golden[key]!.AsArray().SelectMany(r => r!.AsArray().Select(v => (float)v!.GetValue<double>())).ToArray(),
            [Golden[key]!.AsArray().Count, Golden[key]!.AsArray()[0]!.AsArray().Count]);

    [Fact]
    public void Given_pytorch_golden_values_When_the_loss_is_computed_Then_it_matches_within_2e_6()
    {
        // tests/fixtures/retrieval/make_contrastive.py: 5 pairs, 6-d embeddings, scale 1/0.07, one extra positive pair (1, 3).
        using var image = Matrix("image");
        using var text = Matrix("text");
        using var scale = torch.tensor((float)Golden["scale"]!.GetValue<double>());
        using var positives = Matrix("positives").to(torch.ScalarType.Bool);
        using var loss = ContrastiveLoss.Compute(image, text, scale, positives);
        Assert.True(Math.Abs(loss.item<float>() - Golden["loss"]!.GetValue<double>()) < 2e-6, $"{loss.item<float>()} vs {Golden["loss"]}");
    }

    [Fact]
    public void Given_only_the_diagonal_as_positives_When_the_loss_is_computed_Then_it_is_CLIPs_symmetric_cross_entropy()
    {
        using var image = Matrix("image");
        using var text = Matrix("text");
        using var scale = torch.tensor((float)Golden["scale"]!.GetValue<double>());
        using var positives = torch.eye(5, dtype: torch.ScalarType.Bool);
        using var loss = ContrastiveLoss.Compute(image, text, scale, positives);
        Assert.True(Math.Abs(loss.item<float>() - Golden["clip_loss_diagonal"]!.GetValue<double>()) < 2e-6);
    }

    [Fact]
    public void Given_a_learnable_scale_When_backpropagated_Then_the_scale_and_both_embeddings_get_gradients()
    {
        using var image = Matrix("image").requires_grad_(true);
        using var text = Matrix("text").requires_grad_(true);
        using var scale = torch.tensor(14.0f).requires_grad_(true);
        using var positives = torch.eye(5, dtype: torch.ScalarType.Bool);
        using var loss = ContrastiveLoss.Compute(image, text, scale, positives);
        loss.backward();
        Assert.True(scale.grad!.abs().item<float>() > 0);
        Assert.True(image.grad!.abs().sum().item<float>() > 0);
        Assert.True(text.grad!.abs().sum().item<float>() > 0);
    }
}
