using FrozenLm.Layers;
using TorchSharp;

namespace FrozenLm.Tests.Models;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class LayerTests
{
    [Fact]
    public void Given_drop_path_in_eval_When_forward_Then_it_is_the_identity()
    {
        using var drop = new DropPath(0.5);
        drop.eval();
        using var x = torch.randn(8, 3, 4);
        using var y = drop.forward(x);
        Assert.True(TensorAssert.Identical(x, y));
    }

    [Fact]
    public void Given_drop_path_in_training_When_forward_Then_each_sample_is_dropped_whole_or_scaled_by_one_over_keep()
    {
        torch.manual_seed(5);
        using var drop = new DropPath(0.5);
        drop.train();
        using var x = torch.ones(64, 3, 4);
        using var y = drop.forward(x);
        var perSample = y.reshape(64, -1);
        var dropped = 0;
        for (var i = 0; i < 64; i++)
        {
            var min = perSample[i].min().item<float>();
            var max = perSample[i].max().item<float>();
            Assert.Equal(min, max);
            Assert.True(min == 0f || Math.Abs(min - 2f) < 1e-6, $"sample {i} scaled by {min}");
            if (min == 0f)
                dropped++;
        }
        Assert.InRange(dropped, 16, 48);
    }

    [Fact]
    public void Given_rms_norm_When_forward_Then_it_matches_the_formula()
    {
        using var norm = new RmsNorm(1e-6);
        using var x = torch.tensor(new float[] { 3, 4, 0, 0 }).reshape(1, 4);
        using var y = norm.forward(x);
        var rms = Math.Sqrt((9.0 + 16.0) / 4 + 1e-6);
        Assert.Equal(3 / rms, y[0, 0].item<float>(), 5);
        Assert.Equal(4 / rms, y[0, 1].item<float>(), 5);
    }

    [Fact]
    public void Given_timm_trunc_normal_with_std_002_When_drawn_Then_the_spread_is_002_and_draws_beyond_two_std_remain()
    {
        torch.manual_seed(2);
        using var t = torch.empty(200000);
        Init.TruncNormal(t, std: 0.02);
        var std = t.std().item<float>();
        Assert.InRange(std, 0.0198f, 0.0202f);
        Assert.InRange(t.mean().item<float>(), -2e-4f, 2e-4f);
        // timm's bounds are +-2 absolute: at std 0.02 about 4.6% of draws lie beyond +-2 std (0.04).
        var beyond = t.abs().gt(0.04).to(torch.float32).mean().item<float>();
        Assert.InRange(beyond, 0.040f, 0.052f);
        Assert.True(t.abs().max().item<float>() < 2f);
    }

    [Fact]
    public void Given_absolute_bounds_When_drawn_Then_values_stay_inside_with_the_truncated_normal_spread()
    {
        torch.manual_seed(3);
        using var t = torch.empty(200000);
        Init.TruncNormal(t, mean: 0.0, std: 1.0, a: -1.0, b: 1.0);
        Assert.True(t.min().item<float>() >= -1f && t.max().item<float>() <= 1f);
        // Var of N(0, 1) truncated to [-1, 1] = 1 - 2 phi(1) / (Phi(1) - Phi(-1)) = 0.29112 (std 0.53955).
        Assert.InRange(t.std().item<float>(), 0.5375f, 0.5415f);
        using var shifted = torch.empty(200000);
        Init.TruncNormal(shifted, mean: 3.0, std: 0.5, a: 2.5, b: 10.0);
        Assert.True(shifted.min().item<float>() >= 2.5f);
        // Mean of N(3, 0.5) truncated below at -1 std = 3 + 0.5 * phi(-1) / (1 - Phi(-1)) = 3.14376.
        Assert.InRange(shifted.mean().item<float>(), 3.140f, 3.148f);
    }

    [Fact]
    public void Given_bad_bounds_When_drawing_Then_it_throws()
    {
        using var t = torch.empty(4);
        Assert.Throws<ArgumentOutOfRangeException>(() => Init.TruncNormal(t, std: 0.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Init.TruncNormal(t, a: 1.0, b: -1.0));
    }

    [Fact]
    public void Given_timm_decay_rule_When_spreading_drop_path_over_blocks_Then_it_is_linspace_from_zero()
    {
        Assert.Equal(new[] { 0.0, 0.05, 0.1 }, DropPath.LinearRates(3, 0.1).Select(r => Math.Round(r, 12)));
        Assert.Equal(new[] { 0.0 }, DropPath.LinearRates(1, 0.1));
        Assert.Empty(DropPath.LinearRates(0, 0.1));
    }
}
