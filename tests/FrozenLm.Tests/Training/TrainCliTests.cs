using System.Text.Json.Nodes;
using FrozenLm.Tests.Cli;
using SkiaSharp;

namespace FrozenLm.Tests.Training;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class TrainCliTests
{
    private static readonly string[] TinyFlags =
    [
        "--epochs", "1", "--batch-size", "16", "--dim", "12", "--depth", "1", "--heads", "2", "--patch", "4",
        "--img-size", "8", "--lm-mode", "none", "--workers", "1", "--seed", "2",
    ];

    private static string WritePng(string path, byte value)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(8, 8, SKColorType.Gray8, SKAlphaType.Opaque));
        bitmap.Erase(new SKColor(value, value, value));
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }

    [Fact]
    public void Given_a_tiny_cli_run_When_evaluated_and_asked_to_predict_Then_reports_and_labels_come_out()
    {
        var data = TinyImageData.WriteIdx(TestPaths.NewTempDir("cli-data"));
        var dir = Path.Combine(TestPaths.NewTempDir("cli-run"), "run");
        var (code, output, err) = CliRunner.Run(["train", "--data", data, .. TinyFlags, "--out", dir]);
        Assert.True(code == 0, err);
        Assert.Contains("epoch 1:", output);
        Assert.Contains("images/s", output);

        (code, output, err) = CliRunner.Run("eval", "--run", dir);
        Assert.True(code == 0, err);
        Assert.Contains("top-1", output);
        var eval = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "eval.json")))!.AsObject();
        Assert.Equal(20, eval["samples"]!.GetValue<int>());
        Assert.Equal(10, eval["per_class"]!.AsArray().Count);
        var confusion = eval["confusion"]!.AsArray();
        Assert.Equal(10, confusion.Count);
        Assert.Equal(20, confusion.Sum(row => row!.AsArray().Sum(v => v!.GetValue<long>())));
        var correct = Enumerable.Range(0, 10).Sum(i => confusion[i]!.AsArray()[i]!.GetValue<long>());
        Assert.Equal(eval["top1"]!.GetValue<double>(), correct / 20.0, 9);
        Assert.True(File.Exists(Path.Combine(dir, "confusion.png")));

        var image = WritePng(Path.Combine(TestPaths.NewTempDir("cli-img"), "x.png"), 200);
        (code, output, err) = CliRunner.Run("predict", "--run", dir, "--top", "2", image);
        Assert.True(code == 0, err);
        var line = output.Trim();
        Assert.StartsWith(image + ": ", line);
        Assert.Equal(2, line.Split('%').Length - 1);

        var notImage = Path.Combine(TestPaths.NewTempDir("cli-bad"), "bad.png");
        File.WriteAllText(notImage, "not a png");
        (code, _, err) = CliRunner.Run("predict", "--run", dir, notImage);
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.StartsWith("error: " + notImage, err.Trim());

        (code, _, err) = CliRunner.Run("train", "--resume", dir, "--epochs", "3");
        Assert.Equal(2, code);
        Assert.StartsWith("error: --resume:", err.Trim());
    }

    [Theory]
    [InlineData("eval --run /no/such/run", "error: /no/such/run: run directory not found")]
    [InlineData("predict --run /no/such/run /no/such.png", "error: /no/such/run: run directory not found")]
    [InlineData("train --out /tmp/x --lm-mode bogus", "error: --lm-mode: 'bogus' is not one of none, frozen, finetune, random, mlp")]
    [InlineData("train --out /tmp/x --lm-layers 4,x", "error: --lm-layers: 'x' is not a layer index (a non-negative integer)")]
    [InlineData("train --out /tmp/x --preset huge", "error: --preset: unknown preset 'huge' (known: quick, standard, paper)")]
    [InlineData("train --out /tmp/x --dim 100 --heads 3", "error: --heads: 3 heads do not divide --dim 100")]
    [InlineData("train --lm-mode none", "error: --out: give the run directory to create (or --resume DIR)")]
    public void Given_bad_input_When_run_Then_exit_2_with_one_line(string args, string expected)
    {
        var (code, _, err) = CliRunner.Run(args.Split(' '));
        Assert.Equal(2, code);
        Assert.Equal(expected, err.Trim());
    }

    [Fact]
    public void Given_an_empty_folder_as_run_When_evaluated_Then_exit_2_saying_it_is_not_a_run()
    {
        var dir = TestPaths.NewTempDir("cli-empty");
        var (code, _, err) = CliRunner.Run("eval", "--run", dir);
        Assert.Equal(2, code);
        Assert.Equal($"error: {dir}: not a run directory (no config.json)", err.Trim());
    }
}
