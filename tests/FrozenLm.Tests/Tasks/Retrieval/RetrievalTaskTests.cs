using System.Text.Json.Nodes;
using FrozenLm.FrozenStage;
using FrozenLm.Tasks;
using FrozenLm.Tasks.Retrieval;
using FrozenLm.Tests.Cli;
using FrozenLm.Training;

namespace FrozenLm.Tests.Tasks.Retrieval;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class RetrievalTaskTests
{
    private static readonly string[] RecallKeys = ["r1_i2t", "r5_i2t", "r10_i2t", "r1_t2i", "r5_t2i", "r10_t2i"];

    private static TrainOptions Tiny(LmStageMode mode, string textMode = "frozen", string? data = null, int rerank = 4) =>
        TrainOptions.Resolve("retrieval", "quick", new TrainOverrides
        {
            Data = data, TrainLimit = data is null ? 16 : 0, EvalLimit = data is null ? 8 : 0, Epochs = 1, BatchSize = 8, Workers = 1, Seed = 2,
            LmMode = mode, Lm = "minilm", LmLayers = [5],
            Flags = new Dictionary<string, object?>
            {
                ["--dim"] = 16, ["--depth"] = 1, ["--heads"] = 2, ["--patch"] = 8, ["--img-size"] = 16, ["--fusion-depth"] = 1,
                ["--fusion-heads"] = 2, ["--embed-dim"] = 8, ["--rerank-k"] = rerank, ["--text-mode"] = textMode,
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
    public void Given_each_lm_mode_When_trained_for_an_epoch_Then_the_summary_holds_recall_rsum_and_the_gallery_size(string mode, string textMode)
    {
        var dir = TestPaths.NewTempDir($"retrieval-{mode}-{textMode}");
        var summary = TrainingRunner.Run(Tiny(LmStageMode.Parse(mode, "--lm-mode"), textMode), dir);
        Assert.Equal("rsum", summary.PrimaryMetric);
        foreach (var key in RecallKeys)
            Assert.InRange(summary.FinalMetrics[key], 0, 1);
        Assert.Equal(RecallKeys.Sum(k => summary.FinalMetrics[k]), summary.FinalMetrics["rsum"], 9);
        Assert.Equal(8, summary.FinalMetrics["eval_samples"]);
        // A gallery of 8 images: every text's image ranks within the top 10.
        Assert.Equal(1.0, summary.FinalMetrics["r10_t2i"]);
        using var weights = FrozenLm.Tensors.SafetensorsFile.Open(Path.Combine(dir, "last.safetensors"));
        Assert.Equal(textMode == "finetune", weights.Names.Any(n => n.StartsWith("text_encoder.", StringComparison.Ordinal)));
        foreach (var key in new[] { "logit_scale", "vision_proj.weight", "text_proj.weight", "itm_score.weight", "blocks.0.attn.qkv.weight" })
            Assert.Contains(key, weights.Names);
        Assert.Equal(mode != "none", weights.Names.Any(n => n.StartsWith("lm_stage.", StringComparison.Ordinal)));
    }

    [Fact]
    public void Given_a_karpathy_json_When_trained_evaluated_and_predicted_Then_the_gallery_is_its_test_split_and_predict_ranks_the_images()
    {
        var data = RetrievalFixture.Create("retrieval-karpathy");
        var run = Path.Combine(data, "run");
        var summary = TrainingRunner.Run(Tiny(LmStageMode.None, data: Path.Combine(data, RetrievalFixture.Json)), run);
        Assert.Equal(2, summary.FinalMetrics["eval_samples"]);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "config.json")))!;
        Assert.Equal("karpathy", config["data"]!["format"]!.GetValue<string>());
        Assert.Equal(3, config["data"]!["train_count"]!.GetValue<int>());
        Assert.Equal(3, config["data"]!["eval_captions"]!.GetValue<int>());

        var (code, output, err) = CliRunner.Run("eval", "--run", run);
        Assert.True(code == 0, err);
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "eval.json")))!;
        Assert.Equal(2, report["images"]!.GetValue<int>());
        Assert.Equal(summary.FinalMetrics["rsum"], report["metrics"]!["rsum"]!.GetValue<double>(), 6);
        Assert.NotNull(report["contrastive_only"]!["rsum"]);
        Assert.Contains("chance R@1 50.00%", output);

        var images = new[] { "1.png", "4.png", "5.png" }.Select(f => Path.Combine(data, f)).ToArray();
        (code, output, err) = CliRunner.Run(["predict", "--run", run, "--query", "a yellow picture", "--query", "red", "--json", .. images]);
        Assert.True(code == 0, err);
        var predictions = JsonNode.Parse(output)!.AsArray();
        Assert.Equal(2, predictions.Count);
        Assert.Equal("a yellow picture", predictions[0]!["query"]!.GetValue<string>());
        var ranking = predictions[0]!["ranking"]!.AsArray();
        Assert.Equal(images.Order(), ranking.Select(r => r!["image"]!.GetValue<string>()).Order());
        Assert.Equal([1, 2, 3], ranking.Select(r => r!["rank"]!.GetValue<int>()));
        // Three images, re-rank top 4: every image has a matching probability, and the order follows it.
        var match = ranking.Select(r => r!["match"]!.GetValue<float>()).ToArray();
        Assert.True(match[0] >= match[1] && match[1] >= match[2]);
    }

    [Fact]
    public void Given_predict_without_a_query_When_run_Then_exit_2_naming_the_flag()
    {
        var data = RetrievalFixture.Create("retrieval-noquery");
        var run = Path.Combine(data, "run");
        TrainingRunner.Run(Tiny(LmStageMode.None, data: Path.Combine(data, RetrievalFixture.Json), rerank: 0), run);
        var (code, _, err) = CliRunner.Run("predict", "--run", run, Path.Combine(data, "1.png"));
        Assert.Equal(2, code);
        Assert.StartsWith("error: --query: missing", err.Trim());
    }

    [Theory]
    [InlineData("missing-image")]
    [InlineData("malformed")]
    [InlineData("no-captions")]
    public void Given_bad_karpathy_input_When_training_from_the_cli_Then_exit_2_with_one_line_naming_the_file(string fault)
    {
        var data = RetrievalFixture.Create($"retrieval-{fault}");
        var json = Path.Combine(data, RetrievalFixture.Json);
        var expected = json;
        switch (fault)
        {
            case "missing-image":
                File.Delete(Path.Combine(data, "2.png"));
                expected = Path.Combine(data, "2.png");
                break;
            case "malformed":
                File.WriteAllText(json, "{\"images\": [{\"filename\": ");
                break;
            default:
                File.WriteAllText(json, File.ReadAllText(json).Replace("[{\"raw\": \"A blue picture.\"}]", "[]"));
                break;
        }
        var (code, _, err) = CliRunner.Run("train", "--task", "retrieval", "--data", json, "--out", Path.Combine(data, "run"), "--threads", "1",
            "--epochs", "1");
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.StartsWith($"error: {expected}: ", err.Trim());
        Assert.False(File.Exists(Path.Combine(data, "run", "summary.json")));
    }

    [Fact]
    public void Given_a_batch_with_a_repeated_caption_When_positives_are_built_Then_identical_captions_count_as_positives()
    {
        using var positives = RetrievalTask.Positives([0, 1, 2], ["a red circle", "a blue square", "a red circle"], TorchSharp.torch.CPU);
        Assert.Equal(new[] { true, false, true, false, true, false, true, false, true }, positives.data<bool>().ToArray());
    }

    [Fact]
    public void Given_weight_init_xavier_When_the_task_is_built_Then_the_fusion_weights_follow_glorot_and_the_config_records_it()
    {
        var options = Tiny(LmStageMode.None);
        var xavier = options with { TaskOptions = options.TaskOptionsAs<RetrievalTaskOptions>() with { WeightInit = FrozenLm.Layers.LinearInit.Xavier } };
        using var plain = new RetrievalTask(Tiny(LmStageMode.None), TorchSharp.torch.CPU);
        using var glorot = new RetrievalTask(xavier, TorchSharp.torch.CPU);

        Assert.Equal(FrozenLm.Layers.LinearInit.Xavier, glorot.Config.WeightInit);
        // qkv of width 16: Glorot uniform std = sqrt(2 / (16 + 48)) = 0.177; timm's truncated normal 0.02.
        var std = (RetrievalTask t) => t.Net.state_dict()["blocks.0.attn.qkv.weight"].std().item<float>();
        Assert.InRange(std(glorot), 0.14, 0.21);
        Assert.InRange(std(plain), 0.015, 0.025);
    }

    [Fact]
    public void Given_a_bad_weight_init_When_training_from_the_cli_Then_exit_2_naming_the_flag()
    {
        var (code, _, err) = CliRunner.Run("train", "--task", "retrieval", "--weight-init", "kaiming", "--out", TestPaths.NewTempDir("retrieval-init"));
        Assert.Equal(2, code);
        Assert.StartsWith("error: --weight-init: ", err.Trim());
    }

    [Fact]
    public void Given_a_frozen_or_finetuned_text_encoder_When_flops_are_counted_Then_only_the_finetuned_encoder_adds_its_layers()
    {
        using var frozen = new RetrievalTask(Tiny(LmStageMode.None), TorchSharp.torch.CPU);
        using var finetune = new RetrievalTask(Tiny(LmStageMode.None, textMode: "finetune"), TorchSharp.torch.CPU);
        using var encoder = FrozenLm.Text.TextEncoder.Load("minilm", TorchSharp.torch.CPU);
        encoder.SetTrainable(true);
        var tokens = (long)Math.Round(frozen.Tokenizer.MeanTokenCount(frozen.Data.Train.Captions.SelectMany(c => c), frozen.TextLength));

        var f = frozen.FlopsPerSample()!.Value;
        var t = finetune.FlopsPerSample()!.Value;

        Assert.Equal(frozen.Net.TrainFlops(tokens, encodeText: false), f);
        Assert.Equal(f + encoder.Flops(tokens), t);
        Assert.InRange(tokens, 4, 40);
    }
}
