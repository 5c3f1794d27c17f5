using FrozenLm.FrozenStage;
using FrozenLm.Tests.LanguageModels;
using TorchSharp;

namespace FrozenLm.Tests.FrozenStage;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class StageNormChoiceTests
{
    /// <summary>
    /// Builds a frozen stage on a fixture and checks the output against mapper_out(norm(lm_ffn)) computed here, with
    /// norm = x / sqrt(mean(x²) + eps) when the RMS norm is on and the identity when it is off (max abs error 1e-5).
    /// </summary>
    private static bool RunsRmsNorm(string fixture, bool? finalNorm)
    {
        using var scope = torch.NewDisposeScope();
        var (stage, info) = LmStageFactory.Create(
            new LmStageOptions { Source = LmFixtures.Dir(fixture), FinalNorm = finalNorm }, visualDim: 12, seed: 1);
        using var block = Assert.IsType<LmBlockStage>(stage);
        Assert.Equal(info.RmsNorm, block.HasRmsNorm);
        var eps = block.Blocks[0].Config.NormEps;
        var captured = new Dictionary<string, torch.Tensor>();
        var x = torch.randn(2, 5, 12);
        using (torch.no_grad())
            LmStage.Run(block, x, (name, t) => captured[name] = t.detach().clone().DetachFromDisposeScope());
        using var y = captured["lm_ffn"];
        using var output = captured["mapper_out"];
        var w = block.named_parameters().Single(p => p.name == "mapper_out.weight").parameter.detach();
        var normed = y / (y.square().mean(new long[] { -1 }, keepdim: true) + eps).sqrt();
        var withNorm = LmFixtures.MaxAbs(output, normed.matmul(w.t()));
        var without = LmFixtures.MaxAbs(output, y.matmul(w.t()));
        Assert.True(Math.Min(withNorm, without) < 1e-5, $"neither reference matches: {withNorm} / {without}");
        Assert.True(Math.Max(withNorm, without) > 1e-3, "the two references coincide; the test cannot tell them apart");
        Assert.Equal(info.RmsNorm, withNorm < without);
        foreach (var t in captured.Values)
            t.Dispose();
        return info.RmsNorm;
    }

    [Fact]
    public void Given_llama_family_checkpoints_When_the_norm_is_automatic_Then_the_rms_norm_runs()
    {
        Assert.True(RunsRmsNorm("llama", null));
        Assert.True(RunsRmsNorm("qwen2", null));
    }

    [Fact]
    public void Given_layer_norm_families_When_the_norm_is_automatic_Then_no_rms_norm_runs()
    {
        Assert.False(RunsRmsNorm("gpt2", null));
        Assert.False(RunsRmsNorm("opt_pre", null));
    }

    [Fact]
    public void Given_an_explicit_final_norm_When_built_Then_it_overrides_the_family()
    {
        Assert.False(RunsRmsNorm("llama", false));
        Assert.True(RunsRmsNorm("gpt2", true));
    }
}
