using FrozenLm.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Runtime;

[Collection(RuntimeCollection.Name)]
public sealed class TorchSharpLoadTests
{
    [Fact]
    public void Given_the_native_library_When_a_matmul_runs_Then_it_matches_hand_computed_values()
    {
        TorchRuntime.EnsureLoaded();
        using var a = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        using var b = tensor(new float[] { 7, 8, 9, 10, 11, 12 }, [3, 2]);
        using var c = a.matmul(b);
        Assert.Equal(new float[] { 58, 64, 139, 154 }, c.data<float>().ToArray());
    }

    [Fact]
    public void Given_a_scalar_loss_When_backward_runs_Then_gradients_equal_the_analytic_derivative()
    {
        // loss = sum(w^2 * x) -> dloss/dw = 2 w x
        using var w = tensor(new float[] { 1.5f, -2f, 0.25f }, requires_grad: true);
        using var x = tensor(new float[] { 2f, 3f, -4f });
        using var loss = (w * w * x).sum();
        loss.backward();
        Assert.Equal(new float[] { 6f, -12f, -2f }, w.grad!.data<float>().ToArray());
    }

    [Fact]
    public void Given_AdamW_When_one_step_is_taken_Then_the_update_matches_the_formula()
    {
        // First AdamW step: p <- p - lr*wd*p - lr * m_hat / (sqrt(v_hat) + eps), with m_hat = g, v_hat = g^2.
        const double lr = 0.1, wd = 0.01, eps = 1e-8;
        var p0 = new[] { 1.0f, -0.5f };
        var g = new[] { 0.2f, -3.0f };
        using var p = nn.Parameter(tensor(p0));
        var opt = optim.AdamW([p], lr: lr, weight_decay: wd, eps: eps);
        p.grad = tensor(g);
        opt.step();
        var got = p.data<float>().ToArray();
        for (var i = 0; i < 2; i++)
        {
            var expected = p0[i] - lr * wd * p0[i] - lr * g[i] / (Math.Abs(g[i]) + eps);
            Assert.True(Math.Abs(got[i] - expected) < 1e-6, $"param {i}: {got[i]} vs {expected}");
        }
    }

    [Fact]
    public void Given_threads_0_When_configured_Then_all_cores_are_used()
    {
        Assert.Equal(Environment.ProcessorCount, TorchRuntime.ConfigureThreads(0));
        Assert.Equal(1, TorchRuntime.ConfigureThreads(1));
        TorchRuntime.ConfigureThreads(0);
    }

    [Fact]
    public void Given_the_same_seed_When_sampling_twice_Then_the_draws_are_identical()
    {
        Seeding.Seed(123);
        using var a = randn(5);
        Seeding.Seed(123);
        using var b = randn(5);
        Assert.Equal(a.data<float>().ToArray(), b.data<float>().ToArray());
        Assert.NotEqual(Seeding.Derive(1, "data"), Seeding.Derive(1, "init"));
        Assert.Equal(Seeding.Derive(7, "data"), Seeding.Derive(7, "data"));
    }
}
