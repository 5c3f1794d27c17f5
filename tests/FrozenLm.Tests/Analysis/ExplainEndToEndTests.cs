using System.Diagnostics;
using System.Text.Json;
using FrozenLm.Analysis;
using FrozenLm.FrozenStage;
using FrozenLm.Tests.Cli;
using FrozenLm.Training;
using SkiaSharp;
using TorchSharp;

namespace FrozenLm.Tests.Analysis;

/// <summary>Trains tiny runs on the cluttered set once and explains them through the library and the CLI.</summary>
[Collection(Runtime.RuntimeCollection.Name)]
public sealed class ExplainEndToEndTests
{
    private static string TrainTiny(string name, LmStageMode mode, int seed = 0)
    {
        var dir = Path.Combine(TestPaths.NewTempDir("explain-" + name), "run");
        var options = TrainOptions.Resolve("image", "quick", new TrainOverrides
        {
            Data = "cluttered", TrainLimit = 96, EvalLimit = 32, Epochs = 1, BatchSize = 32, Seed = seed,
            Dim = 24, Depth = 1, Heads = 2, Patch = 4, LmMode = mode, LmLayers = [0], Workers = 1,
        });
        TrainingRunner.Run(options, dir);
        return dir;
    }

    [Fact]
    public void Given_a_plain_vit_run_on_the_cluttered_set_When_explained_Then_visual_scores_overlays_and_coherence_are_written()
    {
        var sw = Stopwatch.StartNew();
        var run = TrainTiny("none", LmStageMode.None);
        var trained = sw.Elapsed;
        var outDir = Path.Combine(Path.GetDirectoryName(run)!, "explain");
        var report = FilteringExplainer.Run(run, outDir, new ExplainOptions { Images = 24, OverlayRows = 3, CoherenceSamples = 4 }, torch.CPU);
        Assert.Equal(["visual"], report.Points.Keys);
        Assert.Equal(["vit"], report.AttentionMiou.Keys);
        Assert.Equal(24, report.Images + report.SkippedImages);
        Assert.True(report.Images > 0);
        Assert.Equal([7, 7], report.Grid);
        var visual = report.Points["visual"];
        Assert.InRange(visual.MagnitudeMiou!.Value, 0, 1);
        Assert.InRange(visual.FrequencyAuroc!.Value, 0, 1);
        Assert.Equal(4, report.GradientCoherence!.Samples);
        Assert.InRange(report.GradientCoherence.MeanCosine, -1, 1);
        foreach (var file in new[] { FilteringExplainer.ReportFile, FilteringExplainer.CoherenceFile, FilteringExplainer.BarsFile, FilteringExplainer.AurocBarsFile })
            Assert.True(File.Exists(Path.Combine(outDir, file)), file);
        using var overlay = SKBitmap.Decode(Path.Combine(outDir, FilteringExplainer.OverlayFile));
        Assert.Equal(22 + 3 * 100 + 4, overlay.Height);
        Assert.Equal(4 + 4 * 100, overlay.Width);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, FilteringExplainer.ReportFile)));
        var point = json.RootElement.GetProperty("points").GetProperty("visual");
        foreach (var key in new[] { "magnitude_miou", "frequency_miou", "magnitude_auroc", "frequency_auroc" })
            Assert.Equal(JsonValueKind.Number, point.GetProperty(key).ValueKind);
        Assert.Equal(JsonValueKind.Number, json.RootElement.GetProperty("attention_miou").GetProperty("vit").ValueKind);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(60), $"train {trained.TotalSeconds:0.0} s, total {sw.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void Given_a_bad_run_dir_When_explain_runs_Then_one_error_line_and_exit_2()
    {
        var dir = TestPaths.NewTempDir("explain-bad");
        var (code, _, err) = CliRunner.Run("explain", "--run", dir, "--out", Path.Combine(dir, "o"));
        Assert.Equal(2, code);
        Assert.Equal($"error: {dir}: not a run directory (no config.json)", err.Trim());
        (code, _, err) = CliRunner.Run("explain", "--out", dir);
        Assert.Equal(2, code);
        Assert.StartsWith("error: --run:", err.Trim());
        (code, _, err) = CliRunner.Run("explain", "--compare", dir);
        Assert.Equal(2, code);
        Assert.StartsWith($"error: {dir}: no trained runs found", err.Trim());
    }
}
