using FrozenLm.Analysis;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Analysis;

public sealed class GradientCoherenceTests
{
    [Fact]
    public void Given_a_linear_model_When_measured_Then_cosines_match_the_hand_computation()
    {
        // loss_i = 0.5 (w.x_i - t_i)^2, grad_i = (w.x_i - t_i) x_i, with w = [1, 0]:
        // x1 [1,0] t1 0 -> r  1 -> g1 [ 1,  0];  x2 [0,1] t2 1 -> r -1 -> g2 [0, -1];
        // x3 [1,1] t3 3 -> r -2 -> g3 [-2, -2].
        // cos(g1,g2) = 0; cos(g1,g3) = -2/(1*2sqrt2) = -0.707107; cos(g2,g3) = 2/(1*2sqrt2) = 0.707107.
        // mean 0, population std sqrt((0 + .5 + .5)/3) = 0.577350; mean |g| = (1 + 1 + 2sqrt2)/3 = 1.609476.
        // An unused parameter gets a zero gradient and changes nothing.
        using var w = tensor(new float[] { 1, 0 }).requires_grad_(true);
        using var unused = zeros(3).requires_grad_(true);
        var x = new[] { new float[] { 1, 0 }, [0, 1], [1, 1] };
        var t = new float[] { 0, 1, 3 };
        var result = GradientCoherence.Measure([w, unused], 3, i =>
        {
            var r = (w * tensor(x[i])).sum() - t[i];
            return 0.5f * r * r;
        });
        Assert.Equal(3, result.Samples);
        Assert.Equal(5, result.Parameters);
        Assert.Equal(0.0, result.MeanCosine, 6);
        Assert.Equal(0.577350, result.StdCosine, 6);
        Assert.Equal(-0.707107, result.MinCosine, 6);
        Assert.Equal(0.707107, result.MaxCosine, 6);
        Assert.Equal(1.609476, result.MeanGradientNorm, 6);
        Assert.Null(w.grad);
    }

    [Fact]
    public void Given_identical_samples_When_measured_Then_coherence_is_one()
    {
        using var w = tensor(new float[] { 0.3f, -0.2f }).requires_grad_(true);
        var result = GradientCoherence.Measure([w], 4, _ => (w * tensor(new float[] { 1, 2 })).sum().square());
        Assert.Equal(1.0, result.MeanCosine, 6);
        Assert.Equal(0.0, result.StdCosine, 6);
    }

    [Fact]
    public void Given_one_sample_When_measured_Then_it_throws()
    {
        using var w = ones(2).requires_grad_(true);
        Assert.Throws<ArgumentException>(() => GradientCoherence.Measure([w], 1, _ => w.sum()));
    }
}
