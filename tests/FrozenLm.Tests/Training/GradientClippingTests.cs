using FrozenLm.Training;
using TorchSharp;

namespace FrozenLm.Tests.Training;

public sealed class GradientClippingTests
{
    private static List<torch.Tensor> WithGrads(params float[][] grads)
    {
        var parameters = new List<torch.Tensor>();
        foreach (var g in grads)
        {
            var p = torch.zeros(g.Length, requires_grad: true);
            (p * torch.tensor(g)).sum().backward();
            parameters.Add(p);
        }
        return parameters;
    }

    [Fact]
    public void Given_gradients_When_measured_without_a_limit_Then_the_global_norm_is_returned_and_nothing_changes()
    {
        using var scope = torch.NewDisposeScope();
        var ps = WithGrads([3f, 0f], [0f, 4f, 12f]);
        Assert.Equal(13.0, GradientClipping.ClipGlobalNorm(ps, 0), 6);
        Assert.Equal([3f, 0f], ps[0].grad!.data<float>().ToArray());
        Assert.Equal([0f, 4f, 12f], ps[1].grad!.data<float>().ToArray());
    }

    [Fact]
    public void Given_a_norm_above_the_limit_When_clipped_Then_every_gradient_is_scaled_to_the_limit()
    {
        using var scope = torch.NewDisposeScope();
        var ps = WithGrads([3f, 0f], [0f, 4f, 12f]);
        Assert.Equal(13.0, GradientClipping.ClipGlobalNorm(ps, 6.5), 6);
        Assert.Equal(6.5, GradientClipping.ClipGlobalNorm(ps, 0), 4);
        Assert.Equal(1.5f, ps[0].grad!.data<float>()[0], 4);
        Assert.Equal(6f, ps[1].grad!.data<float>()[2], 4);
    }

    [Fact]
    public void Given_a_norm_below_the_limit_or_no_gradients_When_clipped_Then_nothing_changes()
    {
        using var scope = torch.NewDisposeScope();
        var ps = WithGrads([0.3f, 0.4f]);
        Assert.Equal(0.5, GradientClipping.ClipGlobalNorm(ps, 1), 6);
        Assert.Equal([0.3f, 0.4f], ps[0].grad!.data<float>().ToArray());
        Assert.Equal(0.0, GradientClipping.ClipGlobalNorm([torch.zeros(2, requires_grad: true)], 1));
    }
}
