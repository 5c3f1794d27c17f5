using System.Text.Json.Nodes;
using FrozenLm.Tests.Training;
using FrozenLm.Training.TensorBoard;
using SkiaSharp;

namespace FrozenLm.Tests.Cli;

/// <summary>train --tensorboard, eval --corruptions / --severities / --baseline-run and eval --data with a class subset,
/// end to end on a tiny frozen-stage run.</summary>
public sealed class RobustnessCliTests
{
    private static readonly string[] TinyFrozen =
    [
        "--epochs", "1", "--batch-size", "16", "--dim", "12", "--depth", "1", "--heads", "2", "--patch", "4",
        "--img-size", "8", "--lm-mode", "frozen", "--lm-layers", "5", "--workers", "1", "--seed", "2",
    ];

    [Fact]
    public void Given_a_tiny_run_When_trained_with_tensorboard_and_evaluated_under_corruptions_Then_events_reports_and_errors_come_out()
    {
        var data = TinyImageData.WriteIdx(TestPaths.NewTempDir("robust-data"));
        var dir = Path.Combine(TestPaths.NewTempDir("robust-run"), "run");
        var (code, _, err) = CliRunner.Run(["train", "--data", data, .. TinyFrozen, "--out", dir, "--tensorboard"]);
        Assert.True(code == 0, err);

        var events = TensorBoardReader.Read(Assert.Single(Directory.GetFiles(Path.Combine(dir, "tensorboard"), "events.out.tfevents.*")));
        var tags = events.Select(e => e.Tag).ToHashSet();
        foreach (var tag in new[] { "train/loss", "train/lr", "train/grad_norm", "epoch/train_loss", "epoch/eval_loss", "eval/top1", "eval/top5", "epoch/samples_per_s" })
            Assert.Contains(tag, tags);
        Assert.Equal(3, events.Count(e => e.Tag == "train/loss"));                     // 60 images, batch 16, last dropped
        Assert.Equal([1L, 2L, 3L], events.Where(e => e.Tag == "train/lr").Select(e => e.Step));
        var histograms = events.Where(e => e.HistogramCount is not null).ToList();
        Assert.Contains(histograms, e => e.Tag.StartsWith("weights/", StringComparison.Ordinal) && e.Tag.Contains("mapper_in"));
        Assert.Contains(histograms, e => e.Tag.Contains("mapper_out"));
        Assert.All(histograms, e => Assert.True(e.HistogramCount > 0));

        (code, var output, err) = CliRunner.Run("eval", "--run", dir, "--corruptions", "gaussian_noise,contrast", "--severities", "1,5");
        Assert.True(code == 0, err);
        Assert.Contains("mean corruption top-1", output);
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "robustness.json")))!.AsObject();
        Assert.Equal("cifar-10-c", report["parameter_set"]!.GetValue<string>());
        Assert.Equal([1, 5], report["severities"]!.AsArray().Select(s => s!.GetValue<int>()));
        var top1 = report["corruptions"]!.AsArray().SelectMany(c => c!["top1"]!.AsArray().Select(v => v!.GetValue<double>())).ToList();
        Assert.Equal(4, top1.Count);
        Assert.Equal(top1.Average(), report["mean_corruption_top1"]!.GetValue<double>(), 12);
        Assert.Null(report["mce"]);

        (code, output, err) = CliRunner.Run("eval", "--run", dir, "--corruptions", "gaussian_noise,contrast", "--severities", "1,5", "--baseline-run", dir);
        Assert.True(code == 0, err);
        report = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "robustness.json")))!.AsObject();
        Assert.Equal(1.0, report["mce"]!.GetValue<double>(), 12);                     // a run against itself: every CE is 1
        Assert.Contains("mCE 100.00%", output);

        foreach (var (args, flag) in new (string[], string)[]
                 {
                     (["--corruptions", "rain"], "--corruptions"),
                     (["--severities", "2"], "--severities"),
                     (["--corruptions", "fog", "--severities", "0-2"], "--severities"),
                     (["--corruptions", "fog", "--baseline-run", dir], "--baseline-run"),
                     (["--corruptions", "fog", "--baseline-run", TestPaths.NewTempDir("robust-none")], "--baseline-run"),
                 })
        {
            (code, _, err) = CliRunner.Run(["eval", "--run", dir, .. args]);
            Assert.Equal(2, code);
            Assert.Single(err.Trim().Split('\n'));
            Assert.StartsWith($"error: {flag}", err.Trim());
        }

        var subset = ClassFolders("3", "7", "cat");
        (code, output, err) = CliRunner.Run("eval", "--run", dir, "--data", subset);
        Assert.True(code == 0, err);
        Assert.Contains("1 folder(s)", output);
        Assert.Contains("cat", output);
        Assert.Contains("scored over the 2 of 10 classes present", output);
        var eval = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "eval.json")))!.AsObject();
        Assert.Equal(4, eval["samples"]!.GetValue<int>());
        var confusion = eval["confusion"]!.AsArray();
        for (var row = 0; row < 10; row++)
            for (var col = 0; col < 10; col++)
                if (col is not (3 or 7))
                    Assert.Equal(0, confusion[row]![col]!.GetValue<long>());
    }

    private static string ClassFolders(params string[] names)
    {
        var dir = TestPaths.NewTempDir("robust-subset");
        foreach (var name in names)
        {
            Directory.CreateDirectory(Path.Combine(dir, name));
            for (var i = 0; i < 2; i++)
            {
                using var bitmap = new SKBitmap(8, 8, SKColorType.Gray8, SKAlphaType.Opaque);
                bitmap.Erase(new SKColor((byte)(90 * i), (byte)(90 * i), (byte)(90 * i)));
                using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
                File.WriteAllBytes(Path.Combine(dir, name, $"{i}.png"), png.ToArray());
            }
        }
        return dir;
    }
}
