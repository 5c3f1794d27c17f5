using FrozenLm.Reports;
using FrozenLm.Tasks;
using System.Text.Json;
using FrozenLm.Analysis;
using FrozenLm.FrozenStage;
using FrozenLm.Tests.Cli;
using FrozenLm.Training;
using SkiaSharp;
using TorchSharp;

namespace FrozenLm.Tests.Analysis;

/// <summary>One tiny plain-ViT run trained on the cluttered set, shared by the end-to-end tests.</summary>
public sealed class TinyClutteredRun
{
    public TinyClutteredRun()
    {
        Dir = Path.Combine(TestPaths.NewTempDir("explain-run"), "run");
        var options = TrainOptions.Resolve("image", "quick", new TrainOverrides
        {
            Data = "cluttered", TrainLimit = 96, EvalLimit = 32, Epochs = 1, BatchSize = 32,
            Dim = 24, Depth = 1, Heads = 2, Patch = 4, LmMode = LmStageMode.None, Workers = 1,
        });
        TrainingRunner.Run(options, Dir);
    }

    public string Dir { get; }
}

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class ExplainEndToEndTests(TinyClutteredRun run) : IClassFixture<TinyClutteredRun>
{
    [Fact]
    public void Given_a_plain_vit_run_on_the_cluttered_set_When_explained_Then_visual_scores_overlays_and_coherence_are_written()
    {
        var outDir = Path.Combine(TestPaths.NewTempDir("explain-out"), "explain");
        var report = RunExplainer.Run(run.Dir, outDir, new ExplainOptions { Images = 24, OverlayRows = 3, CoherenceSamples = 4 }, torch.CPU).Report;
        Assert.Equal(["visual"], report.Points.Keys);
        Assert.Equal(["vit"], report.AttentionMiou.Keys);
        Assert.Equal(24, report.Images + report.SkippedImages);
        Assert.True(report.Images > 0);
        Assert.Equal([7, 7], report.Grid);
        var visual = report.Points["visual"];
        Assert.InRange(visual.MagnitudeMiou!.Value, 0, 1);
        Assert.InRange(visual.FrequencyAuroc!.Value, 0, 1);
        Assert.InRange(report.ChanceMiou!.Value, 0, 1);
        Assert.Equal(4, report.GradientCoherence!.Samples);
        Assert.InRange(report.GradientCoherence.MeanCosine, -1, 1);
        foreach (var file in new[] { ExplainFiles.Report, ExplainFiles.Coherence, ExplainFiles.Bars, ExplainFiles.AurocBars })
            Assert.True(File.Exists(Path.Combine(outDir, file)), file);
        using var overlay = SKBitmap.Decode(Path.Combine(outDir, ExplainFiles.Overlays));
        Assert.Equal(22 + 3 * 100 + 4, overlay.Height);
        Assert.Equal(4 + 4 * 100, overlay.Width);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, ExplainFiles.Report)));
        var point = json.RootElement.GetProperty("points").GetProperty("visual");
        foreach (var key in new[] { "magnitude_miou", "frequency_miou", "magnitude_auroc", "frequency_auroc" })
            Assert.Equal(JsonValueKind.Number, point.GetProperty(key).ValueKind);
        Assert.Equal(JsonValueKind.Number, json.RootElement.GetProperty("attention_miou").GetProperty("vit").ValueKind);
    }

    [Fact]
    public void Given_a_compare_dir_When_explain_compare_runs_Then_variants_are_summarised_and_the_report_gets_a_section()
    {
        var compare = TestPaths.NewTempDir("explain-compare");
        foreach (var seed in new[] { 0, 1 })
            CopyDir(run.Dir, Path.Combine(compare, "none", $"seed-{seed}"));
        File.WriteAllText(Path.Combine(compare, "report.html"), "<html><body><main><section>results</section><footer>f</footer></main></body></html>");
        var (code, output, err) = CliRunner.Run("explain", "--compare", compare, "--images", "8", "--overlay-rows", "2",
            "--coherence-samples", "3", "--threads", "1");
        Assert.True(code == 0, err);
        Assert.Contains("none", output);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(compare, "explain", "summary.json")));
        var variant = Assert.Single(summary.RootElement.GetProperty("variants").EnumerateArray());
        Assert.Equal("none", variant.GetProperty("variant").GetString());
        Assert.Equal(2, variant.GetProperty("runs").GetArrayLength());
        Assert.Equal(2, variant.GetProperty("gradient_coherence").GetProperty("seeds").GetInt32());
        foreach (var seed in new[] { 0, 1 })
            Assert.True(File.Exists(Path.Combine(compare, "explain", "none", $"seed-{seed}", "filtering.json")));
        Assert.True(File.Exists(Path.Combine(compare, "explain", "bars.png")));
        var html = File.ReadAllText(Path.Combine(compare, "report.html"));
        Assert.Contains("Information filtering and gradient coherence", html);
        Assert.True(html.IndexOf("Information filtering", StringComparison.Ordinal) < html.IndexOf("<footer>", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_imagenet_s_style_folders_When_explained_with_masks_Then_the_masked_images_are_scored()
    {
        var root = TestPaths.NewTempDir("explain-imagenet-s");
        var images = Path.Combine(root, "validation");
        var masks = Path.Combine(root, "validation-segmentation");
        for (var i = 0; i < 3; i++)
        {
            // A bright 12x12 square on a dark 28x28 image; the mask marks the square (class id 7 in the red channel).
            var x0 = 4 + 4 * i;
            WritePng(Path.Combine(images, "Coat", $"img{i}.png"), 28, (x, y) => Inside(x, y, x0) ? (byte)220 : (byte)20);
            WritePng(Path.Combine(masks, "Coat", $"img{i}.png"), 28, (x, y) => Inside(x, y, x0) ? (byte)7 : (byte)0);
        }
        var outDir = Path.Combine(root, "out");
        var (code, output, err) = CliRunner.Run("explain", "--run", run.Dir, "--data", images, "--masks", masks,
            "--out", outDir, "--coherence-samples", "0", "--threads", "1");
        Assert.True(code == 0, err);
        var report = FilteringReport.Load(Path.Combine(outDir, ExplainFiles.Report));
        Assert.Equal(3, report.Images);
        Assert.Equal("validation+masks", report.Data);
        Assert.Null(report.GradientCoherence);
        Assert.False(File.Exists(Path.Combine(outDir, ExplainFiles.Coherence)));
        Assert.Contains("3 images scored", output);
    }

    [Fact]
    public void Given_a_run_trained_without_masks_When_explained_Then_the_cluttered_version_of_its_data_is_used()
    {
        var copy = Path.Combine(TestPaths.NewTempDir("explain-plain"), "run");
        CopyDir(run.Dir, copy);
        var config = Path.Combine(copy, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"data\": \"cluttered\"", "\"data\": \"fashion-mnist-mini\""));
        var outDir = Path.Combine(Path.GetDirectoryName(copy)!, "out");
        var (code, output, err) = CliRunner.Run("explain", "--run", copy, "--out", outDir, "--images", "6",
            "--coherence-samples", "2", "--threads", "1");
        Assert.True(code == 0, err);
        Assert.Contains("note: the run's data 'fashion-mnist-mini' has no object masks; explaining on cluttered:fashion-mnist-mini", output);
        Assert.Equal("cluttered(fashion-mnist-mini/test)", FilteringReport.Load(Path.Combine(outDir, ExplainFiles.Report)).Data);
    }

    private static bool Inside(int x, int y, int x0) => x >= x0 && x < x0 + 12 && y >= 8 && y < 20;

    private static void WritePng(string path, int size, Func<int, int, byte> value)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var v = value(x, y);
                bitmap.SetPixel(x, y, new SKColor(v, v, v, 255));
            }
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    [Fact]
    public void Given_bad_arguments_When_explain_runs_Then_one_error_line_and_exit_2()
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
        (code, _, err) = CliRunner.Run("explain", "--run", run.Dir, "--out", Path.Combine(dir, "o"), "--data", "fashion-mnist-mini");
        Assert.Equal(2, code);
        Assert.StartsWith("error: --data: 'fashion-mnist-mini' has no object masks", err.Trim());
        (code, _, err) = CliRunner.Run("explain", "--run", run.Dir, "--out", dir, "--images", "0");
        Assert.Equal(2, code);
        Assert.StartsWith("error: --images:", err.Trim());
    }

    private static void CopyDir(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
