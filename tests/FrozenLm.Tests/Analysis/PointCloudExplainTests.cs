using FrozenLm.Reports;
using FrozenLm.Tasks;
using System.Text.Json;
using FrozenLm.Analysis;
using FrozenLm.Encoders.PointCloud;
using FrozenLm.FrozenStage;
using FrozenLm.Tests.Cli;
using FrozenLm.Training;
using SkiaSharp;
using TorchSharp;

namespace FrozenLm.Tests.Analysis;

/// <summary>One tiny point-cloud run (random LM block, so every capture point exists) shared by the explain tests.</summary>
public sealed class TinyPointCloudRun
{
    public TinyPointCloudRun()
    {
        Dir = Path.Combine(TestPaths.NewTempDir("pc-explain-run"), "run");
        var options = TrainOptions.Resolve("pointcloud", "quick", new TrainOverrides
        {
            Points = 64, Groups = 8, GroupSize = 8, Dim = 32, Depth = 1, Heads = 2, Epochs = 1, BatchSize = 8,
            LmMode = LmStageMode.Random, Seed = 3,
        });
        options = options with
        {
            PointCloud = options.PointCloud with { ShapesTrainPerClass = 2, ShapesTestPerClass = 2, PointNetHidden = 8, EncoderDims = 32 },
        };
        TrainingRunner.Run(options, Dir);
    }

    public string Dir { get; }
}

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class PointCloudExplainTests(TinyPointCloudRun run) : IClassFixture<TinyPointCloudRun>
{
    [Fact]
    public void Given_a_tiny_pointcloud_run_When_explained_Then_scores_renderings_and_coherence_are_written()
    {
        var outDir = Path.Combine(TestPaths.NewTempDir("pc-explain-out"), "explain");

        var report = RunExplainer.Run(run.Dir, outDir, new ExplainOptions { Images = 24, OverlayRows = 3, CoherenceSamples = 3 }, torch.CPU).Report;

        Assert.Equal("pointcloud", report.Task);
        Assert.Equal(CapturePoints.Features, report.Points.Keys);
        Assert.Equal(["vit", "lm"], report.AttentionAuroc.Keys);
        Assert.Equal(24, report.Clouds);
        Assert.Equal(24, report.Images + report.SkippedImages);
        Assert.True(report.Images > 0, "no cloud had an outlier group");
        Assert.Null(report.Unscored);
        Assert.Equal([8, 1], report.Grid);
        foreach (var s in report.Points.Values)
        {
            Assert.Null(s.MagnitudeMiou);
            Assert.InRange(s.MagnitudeAuroc!.Value, 0, 1);
            Assert.InRange(s.FrequencyAuroc!.Value, 0, 1);
        }
        Assert.InRange(report.AttentionAuroc["lm"]!.Value, 0, 1);
        Assert.InRange(report.ObjectTokenFraction!.Value, 0, 1);
        Assert.Equal(3, report.GradientCoherence!.Samples);
        Assert.InRange(report.GradientCoherence.MeanCosine, -1, 1);
        foreach (var file in new[] { ExplainFiles.Report, ExplainFiles.Coherence, ExplainFiles.AurocBars })
            Assert.True(File.Exists(Path.Combine(outDir, file)), file);
        // Columns: outlier groups, five magnitude maps, vit and lm attention; cells of 160 px with 4 px gaps.
        using var png = SKBitmap.Decode(Path.Combine(outDir, ExplainFiles.Renderings));
        Assert.Equal(4 + 8 * 164, png.Width);
        Assert.Equal(22 + 3 * 164 + 4, png.Height);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, ExplainFiles.Report)));
        Assert.Equal("pointcloud", json.RootElement.GetProperty("task").GetString());
        Assert.False(json.RootElement.TryGetProperty("mask_token_fraction", out _));
        Assert.Equal(0.5, json.RootElement.GetProperty("chance_auroc").GetDouble());
        Assert.Equal(JsonValueKind.Number, json.RootElement.GetProperty("points").GetProperty("lm_ffn").GetProperty("magnitude_auroc").ValueKind);
    }

    [Fact]
    public void Given_a_pointcloud_run_When_image_only_flags_are_given_Then_a_user_error_names_the_flag()
    {
        var dir = TestPaths.NewTempDir("pc-explain-bad");

        var e = Assert.Throws<UserInputException>(() => RunExplainer.Run(run.Dir, dir,
            new ExplainOptions { Masks = "masks", Data = "images" }, torch.CPU));
        var (code, _, err) = CliRunner.Run("explain", "--run", run.Dir, "--out", dir, "--masks", "masks");
        var (dataCode, _, dataErr) = CliRunner.Run("explain", "--run", run.Dir, "--out", dir, "--data", "cluttered");

        Assert.Equal("--masks", e.Subject);
        Assert.Equal(2, code);
        Assert.StartsWith("error: --masks: object masks are for image runs", err.Trim());
        Assert.Single(err.Trim().Split('\n'));
        Assert.Equal(2, dataCode);
        Assert.StartsWith("error: --data:", dataErr.Trim());
    }

    [Fact]
    public void Given_a_pointcloud_compare_dir_When_explain_compare_runs_with_samples_Then_variants_are_summarised_and_the_report_gets_a_section()
    {
        var compare = TestPaths.NewTempDir("pc-explain-compare");
        foreach (var seed in new[] { 0, 1 })
            CopyDir(run.Dir, Path.Combine(compare, "random", $"seed-{seed}"));
        File.WriteAllText(Path.Combine(compare, "report.html"), "<html><body><main><section>results</section><footer>f</footer></main></body></html>");

        var (code, output, err) = CliRunner.Run("explain", "--compare", compare, "--samples", "12", "--overlay-rows", "1",
            "--coherence-samples", "2", "--threads", "1");

        Assert.True(code == 0, err);
        Assert.Contains("random", output);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(compare, "explain", "summary.json")));
        Assert.Equal("pointcloud", summary.RootElement.GetProperty("task").GetString());
        var variant = Assert.Single(summary.RootElement.GetProperty("variants").EnumerateArray());
        Assert.Equal(2, variant.GetProperty("runs").GetArrayLength());
        Assert.Equal(JsonValueKind.Number, variant.GetProperty("points").GetProperty("visual").GetProperty("magnitude_auroc").ValueKind);
        Assert.True(File.Exists(Path.Combine(compare, "explain", "random", "seed-1", ExplainFiles.Renderings)));
        Assert.True(File.Exists(Path.Combine(compare, "explain", "bars_auroc.png")));
        var html = File.ReadAllText(Path.Combine(compare, "report.html"));
        Assert.Contains("Information filtering and gradient coherence", html);
        Assert.Contains("test clouds per run", html);
        Assert.DoesNotContain("<th>mIoU</th>", html);
    }

    [Fact]
    public void Given_a_tiny_pointcloud_run_When_evaluated_Then_eval_json_repeats_the_final_metrics_and_predict_is_refused()
    {
        var copy = Path.Combine(TestPaths.NewTempDir("pc-eval"), "run");
        CopyDir(run.Dir, copy);

        var (code, output, err) = CliRunner.Run("eval", "--run", copy, "--last", "--threads", "1");
        var (predictCode, _, predictErr) = CliRunner.Run("predict", "--run", copy, Path.Combine(copy, "config.json"));

        Assert.True(code == 0, err);
        Assert.Contains("OA", output);
        var summary = TrainingRunner.ReadSummary(copy);
        using var eval = JsonDocument.Parse(File.ReadAllText(Path.Combine(copy, "eval.json")));
        var metrics = eval.RootElement.GetProperty("metrics");
        Assert.Equal(summary.FinalMetrics["oa"], metrics.GetProperty("oa").GetDouble(), 1e-9);
        Assert.Equal(summary.FinalMetrics["macc"], metrics.GetProperty("macc").GetDouble(), 1e-9);
        var samples = eval.RootElement.GetProperty("samples").GetInt32();
        var confusion = eval.RootElement.GetProperty("confusion").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt64()).ToArray()).ToArray();
        Assert.Equal(samples, confusion.Sum(r => r.Sum()));
        Assert.Equal(metrics.GetProperty("oa").GetDouble(), (double)Enumerable.Range(0, confusion.Length).Sum(i => confusion[i][i]) / samples, 9);
        Assert.True(File.Exists(Path.Combine(copy, "confusion.png")));
        Assert.Equal(2, predictCode);
        Assert.Equal($"error: {copy}: the 'pointcloud' task does not support predict", predictErr.Trim());
    }

    private static void CopyDir(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
