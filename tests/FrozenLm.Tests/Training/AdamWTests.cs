using TorchSharp;
using FrozenLm.Tests.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;
using AdamW = FrozenLm.Training.AdamW;
using NamedParameter = FrozenLm.Training.NamedParameter;

namespace FrozenLm.Tests.Training;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class AdamWTests
{
    [Fact]
    public void Given_the_same_gradients_When_stepping_Then_our_adamw_matches_torch_adamw_per_group()
    {
        torch.manual_seed(11);
        using var w0 = torch.randn(4, 3);
        using var b0 = torch.randn(3);
        var ours = (W: new Parameter(w0.clone()), B: new Parameter(b0.clone()));
        var theirs = (W: new Parameter(w0.clone()), B: new Parameter(b0.clone()));
        using var opt = new AdamW([([new NamedParameter("w", ours.W)], 0.05), ([new NamedParameter("b", ours.B)], 0.0)]);
        var reference = torch.optim.AdamW([
            new TorchSharp.Modules.AdamW.ParamGroup([theirs.W], 1e-2, 0.9, 0.999, 1e-8, 0.05, false, false),
            new TorchSharp.Modules.AdamW.ParamGroup([theirs.B], 1e-2, 0.9, 0.999, 1e-8, 0.0, false, false),
        ], lr: 1e-2);
        for (var step = 0; step < 4; step++)
        {
            using var gw = torch.randn(4, 3);
            using var gb = torch.randn(3);
            foreach (var (p, g) in new[] { (ours.W, gw), (theirs.W, gw), (ours.B, gb), (theirs.B, gb) })
            {
                p.grad?.zero_();
                using var loss = p.mul(g).sum();
                loss.backward();
            }
            opt.Update(1e-2);
            reference.step();
        }
        var maxErr = Math.Max(ours.W.sub(theirs.W).abs().max().item<float>(), ours.B.sub(theirs.B).abs().max().item<float>());
        Assert.True(maxErr < 1e-6f, $"max abs error {maxErr}");
        Assert.Equal(4, opt.Step);
    }

    [Fact]
    public void Given_lr_multipliers_When_stepping_Then_each_group_moves_as_torch_adamw_at_the_multiplied_rate()
    {
        torch.manual_seed(12);
        using var w0 = torch.randn(4, 3);
        using var b0 = torch.randn(3);
        var ours = (W: new Parameter(w0.clone()), B: new Parameter(b0.clone()));
        var theirs = (W: new Parameter(w0.clone()), B: new Parameter(b0.clone()));
        using var opt = new AdamW([([new NamedParameter("w", ours.W)], 0.05, 0.5), ([new NamedParameter("b", ours.B)], 0.0, 0.1)]);
        var reference = torch.optim.AdamW([
            new TorchSharp.Modules.AdamW.ParamGroup([theirs.W], 1e-2 * 0.5, 0.9, 0.999, 1e-8, 0.05, false, false),
            new TorchSharp.Modules.AdamW.ParamGroup([theirs.B], 1e-2 * 0.1, 0.9, 0.999, 1e-8, 0.0, false, false),
        ], lr: 1e-2);
        using var gw = torch.randn(4, 3);
        using var gb = torch.randn(3);
        foreach (var (p, g) in new[] { (ours.W, gw), (theirs.W, gw), (ours.B, gb), (theirs.B, gb) })
        {
            using var loss = p.mul(g).sum();
            loss.backward();
        }

        opt.Update(1e-2);
        reference.step();

        var maxErr = Math.Max(ours.W.sub(theirs.W).abs().max().item<float>(), ours.B.sub(theirs.B).abs().max().item<float>());
        Assert.True(maxErr < 1e-7f, $"max abs error {maxErr}");
        // first Adam step moves each element by the group's rate (|m/sqrt(v)| = 1), plus decoupled decay on w
        using var expectedB = b0.sub(gb.sign().mul(1e-3));
        Assert.True(ours.B.sub(expectedB).abs().max().item<float>() < 1e-6f);
        Assert.Equal(0.5, opt.LrScaleOf("w"));
    }

    [Fact]
    public void Given_a_frozen_parameter_When_building_the_optimizer_Then_it_is_refused()
    {
        var p = new Parameter(torch.zeros(2), requires_grad: false);
        Assert.Throws<ArgumentException>(() => new AdamW([([new NamedParameter("frozen", p)], 0.0)]));
    }

    [Fact]
    public void Given_saved_moments_When_loaded_into_a_fresh_optimizer_Then_the_next_update_is_identical()
    {
        torch.manual_seed(3);
        using var start = torch.randn(5);
        var a = new Parameter(start.clone());
        var b = new Parameter(start.clone());
        using var optA = new AdamW([([new NamedParameter("p", a)], 0.1)]);
        using var optB = new AdamW([([new NamedParameter("p", b)], 0.1)]);
        using var g = torch.randn(5);
        a.grad = g.clone();
        optA.Update(1e-2);
        optA.Update(1e-2);
        var saved = optA.StateTensors().ToDictionary(t => t.Name, t => t.Value.clone());
        using (torch.no_grad())
            b.copy_(a);
        optB.LoadState(optA.Step, name => saved.TryGetValue(name, out var t) ? t.clone() : null);
        b.grad = g.clone();
        optA.Update(1e-2);
        optB.Update(1e-2);
        Assert.True(TensorAssert.Identical(a, b));
    }
}
