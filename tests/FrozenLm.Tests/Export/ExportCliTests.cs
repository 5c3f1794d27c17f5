using System.Text.Json;
using System.Text.Json.Nodes;
using FrozenLm.Data;
using FrozenLm.Tasks;
using FrozenLm.Tasks.Image;
using FrozenLm.Tensors;
using FrozenLm.Tests.Cli;
using FrozenLm.Tests.Training;
using FrozenLm.Training;
using SkiaSharp;
using TorchSharp;
using Xunit.Abstractions;

namespace FrozenLm.Tests.Export;

/// <summary>
/// <c>export</c> end to end on tiny trained runs (a frozen MiniLM block at the tail; a fine-tuned LLaMA fixture block in
/// the middle with a residual): the ONNX file in ONNX Runtime, fed the image files preprocessed only from its metadata,
/// gives the logits of the reopened run and the probabilities <c>predict</c> prints; the safetensors file holds every
/// weight under its key with config.json beside it; bad flags, a missing run and an unwritable path are one line, exit 2.
/// </summary>
[Collection(Runtime.RuntimeCollection.Name)]
public sealed class ExportCliTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    private static readonly string[] Tiny =
    [
        "--epochs", "1", "--batch-size", "16", "--dim", "12", "--depth", "2", "--heads", "2", "--patch", "4",
        "--img-size", "8", "--workers", "1", "--seed", "2",
    ];

    [Fact]
    public void Given_a_frozen_minilm_run_When_exported_Then_onnx_runtime_matches_predict_and_safetensors_holds_every_weight()
    {
        var dir = Train("export-minilm", ["--lm-mode", "frozen", "--lm-layers", "5"]);
        var images = WriteImages(TestPaths.NewTempDir("export-images"), 3);
        var onnxPath = Path.Combine(TestPaths.NewTempDir("export-out"), "model.onnx");
        var (code, stdout, err) = CliRunner.Run("export", "--run", dir, "--out", onnxPath);
        Assert.True(code == 0, err);
        Assert.Contains("wrote", stdout);

        var bytes = File.ReadAllBytes(onnxPath);
        var onnx = ExportedOnnx.Read(bytes);
        onnx.AssertWellFormed();
        var classes = JsonSerializer.Deserialize<string[]>(onnx.Metadata["class_names"])!;
        Assert.Equal(10, classes.Length);
        Assert.Equal("frozen", JsonNode.Parse(onnx.Metadata["lm_stage"])!["mode"]!.GetValue<string>());
        var logits = OnnxLogits(bytes, onnx.Metadata, images);

        var weightsPath = Path.Combine(TestPaths.NewTempDir("export-st"), "model.safetensors");
        (code, _, err) = CliRunner.Run("export", "--run", dir, "--out", weightsPath);
        Assert.True(code == 0, err);

        // The reopened run's TorchSharp model on the same images, and its weights against the safetensors file.
        using (var run = TrainedRun.Open(dir, torch.CPU))
        {
            var task = (ImageClassificationTask)run.Task;
            var error = 0.0;
            for (var i = 0; i < images.Length; i++)
            {
                using var scope = torch.NewDisposeScope();
                using var _ = torch.no_grad();
                var pixels = ImageFiles.LoadImage(images[i], task.TrainSet.Channels, task.Image.ImgSize, task.Image.ImgSize);
                var expected = task.Vit.forward(task.Normalize(pixels, task.TrainSet.Channels, task.Image.ImgSize, task.Image.ImgSize))
                    .data<float>().ToArray();
                error = Math.Max(error, expected.Zip(logits[i], (e, a) => (double)Math.Abs(e - a)).Max());
            }
            output.WriteLine($"minilm run, ONNX Runtime vs TorchSharp logits: max abs error {error:E2}");
            Assert.True(error <= Tolerance, $"max abs error {error:E2}");

            var state = task.Vit.state_dict();
            using var file = SafetensorsFile.Open(weightsPath);
            Assert.Equal(state.Keys.Order(), file.Names.Order());
            Assert.Contains("lm_stage.lm.layers.0.attention.self.query.weight", file.Names);      // the frozen block too
            foreach (var (key, tensor) in state)
            {
                using var read = file.Read(key);
                Assert.True(read.to(torch.float32).allclose(tensor.to(torch.float32), 0, 0), key);
            }
        }

        // predict's probabilities (all classes) against the softmax of ONNX Runtime's logits.
        (code, stdout, err) = CliRunner.Run(["predict", "--run", dir, "--top", "10", "--json", .. images]);
        Assert.True(code == 0, err);
        var predictions = JsonNode.Parse(stdout)!.AsArray();
        var probabilityError = 0.0;
        for (var i = 0; i < images.Length; i++)
        {
            var probs = Softmax(logits[i]);
            foreach (var label in predictions[i]!["labels"]!.AsArray())
            {
                var k = Array.IndexOf(classes, label!["label"]!.GetValue<string>());
                probabilityError = Math.Max(probabilityError, Math.Abs(probs[k] - label["probability"]!.GetValue<double>()));
            }
        }
        output.WriteLine($"minilm run, predict vs ONNX Runtime probabilities: max abs error {probabilityError:E2}");
        Assert.True(probabilityError <= Tolerance, $"max abs error {probabilityError:E2}");

        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(weightsPath)!, "config.json")))!;
        Assert.Equal(classes, config["class_names"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(12, config["model"]!["embed_dim"]!.GetValue<int>());
        Assert.Equal("bert", config["lm_stage"]!["lm_family"]!.GetValue<string>());
        Assert.Equal([5], config["lm_stage"]!["lm_layers"]!.AsArray().Select(l => l!.GetValue<int>()));
        Assert.Equal(RunConfig.Load(dir).Lm!.Checksum, config["lm_stage"]!["lm_checksum"]!.GetValue<string>());

        AssertErrors(dir);
    }

    [Fact]
    public void Given_a_finetuned_llama_run_in_the_middle_with_residual_When_exported_Then_onnx_runtime_gives_its_logits()
    {
        var dir = Train("export-llama", ["--lm", TestPaths.Fixture("lm", "llama"), "--lm-layers", "1", "--lm-mode", "finetune",
            "--lm-position", "middle", "--lm-residual"]);
        var onnxPath = Path.Combine(TestPaths.NewTempDir("export-out"), "model.onnx");
        var (code, _, err) = CliRunner.Run("export", "--run", dir, "--out", onnxPath);
        Assert.True(code == 0, err);
        var bytes = File.ReadAllBytes(onnxPath);
        using var run = TrainedRun.Open(dir, torch.CPU);
        var vit = ((ImageClassificationTask)run.Task).Vit;
        var stage = JsonNode.Parse(ExportedOnnx.Read(bytes).Metadata["lm_stage"])!;
        Assert.Equal("llama", stage["lm_family"]!.GetValue<string>());
        Assert.True(stage["residual"]!.GetValue<bool>());
        var error = OnnxParity.MaxAbsError(vit, bytes);
        output.WriteLine($"llama finetune/middle/residual run: max abs error {error:E2}");
        Assert.True(error <= Tolerance, $"max abs error {error:E2}");
    }

    private void AssertErrors(string dir)
    {
        var scratch = TestPaths.NewTempDir("export-errors");
        var blocker = Path.Combine(scratch, "a-file");
        File.WriteAllText(blocker, "x");
        foreach (var (args, subject) in new (string[], string)[]
                 {
                     (["--run", dir, "--out", Path.Combine(scratch, "model.txt")], "--out"),
                     (["--run", dir, "--out", Path.Combine(scratch, ".onnx")], "--out"),
                     (["--run", Path.Combine(scratch, "no-run"), "--out", Path.Combine(scratch, "m.onnx")], Path.Combine(scratch, "no-run")),
                     (["--run", dir, "--out", Path.Combine(blocker, "m.onnx")], Path.Combine(blocker, "m.onnx")),
                     (["--run", dir, "--out", Path.Combine(dir, "m.safetensors")], "--out"),
                     (["--run", dir], "--out"),
                 })
        {
            var (code, _, err) = CliRunner.Run(["export", .. args]);
            Assert.Equal(2, code);
            Assert.Single(err.Trim().Split('\n'));
            Assert.Contains(subject, err);
        }
        Assert.Equal([blocker], Directory.GetFiles(scratch));                          // nothing half-written
        Assert.DoesNotContain(Directory.GetFiles(dir), f => f.EndsWith("m.safetensors", StringComparison.Ordinal) || f.Contains(".tmp"));

        // A run of a task without an exporter (its config.json says so): one line naming the tasks that export.
        foreach (var task in TaskRegistry.Definitions.Where(d => d.Exporter is null).Select(d => d.Name))
        {
            var other = TestPaths.NewTempDir("export-" + task);
            foreach (var file in Directory.GetFiles(dir))
                File.Copy(file, Path.Combine(other, Path.GetFileName(file)));
            var config = JsonNode.Parse(File.ReadAllText(Path.Combine(other, "config.json")))!;
            config["options"]!["task"] = task;
            File.WriteAllText(Path.Combine(other, "config.json"), config.ToJsonString());
            var (code, _, err) = CliRunner.Run("export", "--run", other, "--out", Path.Combine(other, "out", "m.onnx"));
            Assert.Equal(2, code);
            Assert.Equal($"error: {other}: '{task}' runs do not export yet; only image runs export for now", err.Trim());
            Assert.False(Directory.Exists(Path.Combine(other, "out")));
        }
    }

    private static string Train(string name, string[] stage)
    {
        var data = TinyImageData.WriteIdx(TestPaths.NewTempDir(name + "-data"));
        var dir = Path.Combine(TestPaths.NewTempDir(name), "run");
        var (code, _, err) = CliRunner.Run(["train", "--data", data, .. Tiny, .. stage, "--out", dir]);
        Assert.True(code == 0, err);
        return dir;
    }

    /// <summary>Logits per image, preprocessed only from the model's metadata (input_size, mean, std), as a .NET app would.</summary>
    private static float[][] OnnxLogits(byte[] model, IReadOnlyDictionary<string, string> metadata, string[] images)
    {
        var size = JsonSerializer.Deserialize<int[]>(metadata["input_size"])!;
        var mean = JsonSerializer.Deserialize<float[]>(metadata["mean"])!;
        var std = JsonSerializer.Deserialize<float[]>(metadata["std"])!;
        using var session = OnnxParity.Session(model);
        return images.Select(path =>
        {
            var pixels = ImageFiles.LoadImage(path, size[0], size[1], size[2]);
            var plane = size[1] * size[2];
            for (var i = 0; i < pixels.Length; i++)
                pixels[i] = (pixels[i] - mean[i / plane]) / std[i / plane];
            return OnnxParity.Run(session, pixels, [1, size[0], size[1], size[2]]);
        }).ToArray();
    }

    private static double[] Softmax(float[] logits)
    {
        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        var sum = exp.Sum();
        return exp.Select(e => e / sum).ToArray();
    }

    private static string[] WriteImages(string dir, int count)
    {
        var random = new Random(3);
        return Enumerable.Range(0, count).Select(i =>
        {
            using var bitmap = new SKBitmap(11, 9, SKColorType.Rgba8888, SKAlphaType.Opaque);
            for (var y = 0; y < 9; y++)
                for (var x = 0; x < 11; x++)
                    bitmap.SetPixel(x, y, new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
            using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            var path = Path.Combine(dir, $"image{i}.png");
            File.WriteAllBytes(path, png.ToArray());
            return path;
        }).ToArray();
    }
}
