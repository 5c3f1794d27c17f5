using System.Text.Json.Nodes;
using FrozenLm.Comparison;
using FrozenLm.FrozenStage;
using FrozenLm.Tests.Training;
using FrozenLm.Training;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Comparison;

public sealed class CompareRobustnessTests
{
    [Fact]
    public void Given_a_finished_comparison_When_evaluated_under_corruptions_Then_each_variant_is_paired_with_none_over_seeds()
    {
        var data = TinyImageData.WriteIdx(TestPaths.NewTempDir("cmp-robust-data"));
        var outDir = TestPaths.NewTempDir("cmp-robust");
        var settings = new CompareSettings
        {
            Variants = ["none", "mlp"], Seeds = 2, Corruptions = "contrast,gaussian_noise", Severities = "5",
        };
        foreach (var (variant, mode) in new[] { ("none", LmStageMode.None), ("mlp", LmStageMode.Mlp) })
            for (var seed = 0; seed < 2; seed++)
                TrainingRunner.Run(TinyRuns.Options(data, mode, epochs: 1, seed: seed), CompareRunner.RunDirectory(outDir, variant, seed));
        var markdown = Path.Combine(outDir, "report.md");
        File.WriteAllText(markdown, "# report\n");

        CompareRobustness.Run(settings, outDir, markdown, CPU, null);
        var lines = CompareRobustness.Run(settings, outDir, markdown, CPU, null);

        var text = File.ReadAllText(markdown);
        Assert.StartsWith("# report\n", text);
        Assert.Single(text.Split("## Robustness").Skip(1));                      // the second run replaced the section
        Assert.Contains(lines, l => l.StartsWith("| mlp |", StringComparison.Ordinal) && l.Contains("(Δ "));
        var mca = new Dictionary<string, double[]>();
        foreach (var variant in new[] { "none", "mlp" })
            mca[variant] = Enumerable.Range(0, 2).Select(seed => JsonNode.Parse(File.ReadAllText(
                Path.Combine(CompareRunner.RunDirectory(outDir, variant, seed), "robustness.json")))!["mean_corruption_top1"]!.GetValue<double>()).ToArray();
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, CompareRobustness.ResultsFile)))!;
        var mlp = results["variants"]!.AsArray().Single(v => v!["variant"]!.GetValue<string>() == "mlp")!["mca"]!;
        Assert.Equal(mca["mlp"].Average(), mlp["mean"]!.GetValue<double>(), 12);
        var delta = mlp["delta_vs_none"]!;
        Assert.Equal(2, delta["n"]!.GetValue<int>());
        Assert.Equal(mca["mlp"].Zip(mca["none"]).Average(p => p.First - p.Second), delta["mean"]!.GetValue<double>(), 12);
    }
}
