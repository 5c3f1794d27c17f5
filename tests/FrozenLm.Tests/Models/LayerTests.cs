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
    public void Given_trunc_normal_init_When_drawn_Then_values_stay_within_two_std_with_about_the_right_spread()
    {
        torch.manual_seed(2);
        using var t = torch.empty(20000);
        Init.TruncNormal(t, 0.02);
        Assert.True(t.abs().max().item<float>() <= 0.04f + 1e-7f);
        var std = t.std().item<float>();
        Assert.InRange(std, 0.016f, 0.019f);
    }
}
