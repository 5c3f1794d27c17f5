using System.Text.Json.Nodes;
using FrozenLm.FrozenStage;
using FrozenLm.Tasks;
using FrozenLm.Tests.Cli;
using FrozenLm.Training;

namespace FrozenLm.Tests.VisionLanguage;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class VqaTaskTests
{
    private static TrainOptions Tiny(LmStageMode mode, string textMode = "frozen", string? data = null) =>
        TrainOptions.Resolve("vqa", "quick", new TrainOverrides
        {
            Data = data, TrainLimit = 48, EvalLimit = 24, Epochs = 1, BatchSize = 16, Workers = 1, Seed = 2, LmMode = mode,
            Lm = "minilm", LmLayers = [5],
            Flags = new Dictionary<string, object?>
            {
                ["--dim"] = 16, ["--depth"] = 1, ["--heads"] = 2, ["--patch"] = 8, ["--img-size"] = 16, ["--fusion-depth"] = 1,
                ["--fusion-heads"] = 2, ["--text-mode"] = textMode,
            },
        });

    /// <summary>Every registered --lm-mode with the frozen text encoder, and the frozen LM block with a fine-tuned one.</summary>
    public static TheoryData<string, string> LmModes()
    {
        var data = new TheoryData<string, string>();
        foreach (var mode in LmStageMode.All)
            data.Add(mode.Name, "frozen");
        data.Add(LmStageMode.Frozen.Name, "finetune");
        return data;
    }

    [Theory]
    [MemberData(nameof(LmModes))]
    public void Given_each_lm_mode_When_trained_for_an_epoch_Then_the_summary_holds_vqa_question_only_and_family_metrics(string mode, string textMode)
    {
        var dir = TestPaths.NewTempDir($"vqa-{mode}-{textMode}");
        var summary = TrainingRunner.Run(Tiny(LmStageMode.Parse(mode, "--lm-mode"), textMode), dir);
        Assert.Equal("vqa_acc", summary.PrimaryMetric);
        foreach (var key in new[] { "vqa_acc", "question_only_acc", "acc_exists", "acc_count", "acc_colour", "acc_shape", "acc_spatial", "acc_compare" })
        {
            Assert.True(summary.FinalMetrics.ContainsKey(key), key);
            Assert.InRange(summary.FinalMetrics[key], 0, 1);
        }
        Assert.False(summary.FinalMetrics.ContainsKey("acc_yes_no"));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "config.json")))!;
        Assert.Equal(textMode, config["data"]!["text_mode"]!.GetValue<string>());
        // The frozen text encoder is not trained or saved; fine-tuned, it is.
        using var weights = FrozenLm.Tensors.SafetensorsFile.Open(Path.Combine(dir, "last.safetensors"));
        Assert.Equal(textMode == "finetune", weights.Names.Any(n => n.StartsWith("text_encoder.", StringComparison.Ordinal)));
        Assert.Contains("question_only.vqa_classifier.3.weight", weights.Names);
    }

    [Fact]
    public void Given_a_malformed_vqav2_file_When_training_from_the_cli_Then_exit_2_naming_the_file()
    {
        var dir = Vqa2Fixture.Create("vqa2-cli");
        var path = Path.Combine(dir, Vqa2Fixture.TrainAnnotations);
        File.WriteAllText(path, "{\"annotations\": [");
        var (code, _, err) = CliRunner.Run("train", "--task", "vqa", "--data", dir, "--out", Path.Combine(dir, "run"), "--threads", "1");
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.StartsWith($"error: {path}: malformed JSON", err.Trim());
    }

    [Fact]
    public void Given_a_vqav2_folder_When_trained_Then_the_answer_types_are_the_families()
    {
        var dir = Vqa2Fixture.Create("vqa2-train");
        var summary = TrainingRunner.Run(Tiny(LmStageMode.None, data: dir), Path.Combine(dir, "run"));
        Assert.True(summary.FinalMetrics.ContainsKey("acc_yes_no"));
        Assert.True(summary.FinalMetrics.ContainsKey("acc_number"));
        Assert.True(summary.FinalMetrics.ContainsKey("acc_other"));
    }

    [Fact]
    public void Given_an_image_run_When_a_vqa_run_inits_from_it_Then_the_image_encoder_holds_its_vit_with_grey_weights_spread_over_rgb()
    {
        var data = Training.TinyImageData.WriteIdx(TestPaths.NewTempDir("initfrom-data"));
        var imageRun = Path.Combine(TestPaths.NewTempDir("initfrom-image"), "run");
        TrainingRunner.Run(Training.TinyRuns.Options(data, LmStageMode.None, epochs: 1), imageRun);
        var options = Tiny(LmStageMode.None) with
        {
            TaskOptions = Tiny(LmStageMode.None).TaskOptionsAs<FrozenLm.Tasks.Vqa.VqaTaskOptions>() with
            {
                Image = Tiny(LmStageMode.None).TaskOptionsAs<FrozenLm.Tasks.Vqa.VqaTaskOptions>().Image with { InitFrom = imageRun },
            },
        };
        using var task = (FrozenLm.Tasks.Vqa.VqaTask)TaskRegistry.Get("vqa").Create(options, TorchSharp.torch.CPU, null);
        Assert.Equal(12, task.Config.Vit.Dim);
        Assert.Equal(8, task.Config.Vit.ImageSize);
        using var weights = FrozenLm.Tensors.SafetensorsFile.Open(Path.Combine(imageRun, "best.safetensors"));
        var vit = task.Net.Vit.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var grey = weights.Read("patch_embed.proj.weight");                            // [12, 1, 4, 4]
        Assert.True(vit["patch_embed.proj.weight"].sub(grey.repeat(1, 3, 1, 1).div(3)).abs().max().item<float>() < 1e-7f);
        foreach (var key in new[] { "cls_token", "pos_embed", "blocks.0.attn.qkv.weight", "norm.weight" })
        {
            using var expected = weights.Read(key);
            Assert.True(vit[key].sub(expected).abs().max().item<float>() == 0, key);
        }
    }

    [Fact]
    public void Given_a_frozen_or_finetuned_text_encoder_When_flops_are_counted_Then_only_the_finetuned_encoder_adds_its_layers()
    {
        using var frozen = new FrozenLm.Tasks.Vqa.VqaTask(Tiny(LmStageMode.Frozen), TorchSharp.torch.CPU);
        using var finetune = new FrozenLm.Tasks.Vqa.VqaTask(Tiny(LmStageMode.Frozen, textMode: "finetune"), TorchSharp.torch.CPU);
        using var encoder = FrozenLm.Text.TextEncoder.Load("minilm", TorchSharp.torch.CPU);
        encoder.SetTrainable(true);
        var tokens = (long)Math.Round(frozen.Tokenizer.MeanTokenCount(frozen.Data.Train.Samples.Select(s => s.Question), frozen.TextLength));

        var f = frozen.FlopsPerSample()!.Value;
        var t = finetune.FlopsPerSample()!.Value;

        Assert.Equal(frozen.Net.Flops(tokens, encodeText: false), f);
        Assert.Equal(f + encoder.Flops(tokens), t);
        Assert.True(f.Frozen > 0);
        Assert.InRange(tokens, 4, 40);
    }
}
