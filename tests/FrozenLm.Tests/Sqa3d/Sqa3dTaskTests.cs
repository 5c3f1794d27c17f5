using System.Text.Json.Nodes;
using FrozenLm.FrozenStage;
using FrozenLm.Tasks;
using FrozenLm.Tests.Cli;
using FrozenLm.Training;

namespace FrozenLm.Tests.Sqa3d;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class Sqa3dTaskTests
{
    private static readonly string[] TinyFlags =
    [
        "--dim", "16", "--scene-depth", "1", "--heads", "2", "--points", "96", "--groups", "8", "--group-size", "8",
        "--fusion-depth", "1", "--fusion-heads", "2",
    ];

    private static TrainOptions Tiny(LmStageMode mode, string textMode = "frozen", bool shuffle = false, string? data = null, string sceneTokens = "objects") =>
        TrainOptions.Resolve("3dqa", "quick", new TrainOverrides
        {
            Data = data, TrainLimit = 40, EvalLimit = 20, Epochs = 1, BatchSize = 10, Workers = 1, Seed = 2, LmMode = mode,
            Lm = "minilm", LmLayers = [5],
            Flags = new Dictionary<string, object?>
            {
                ["--dim"] = 16, ["--scene-depth"] = 1, ["--heads"] = 2, ["--points"] = 96, ["--groups"] = 8, ["--group-size"] = 8,
                ["--fusion-depth"] = 1, ["--fusion-heads"] = 2, ["--text-mode"] = textMode, ["--shuffle-scenes"] = shuffle,
                ["--scene-tokens"] = sceneTokens,
            },
        });

    [Theory]
    [InlineData("none", "frozen", false)]
    [InlineData("frozen", "frozen", false)]
    [InlineData("finetune", "frozen", false)]
    [InlineData("random", "frozen", false)]
    [InlineData("mlp", "frozen", false)]
    [InlineData("frozen", "finetune", false)]
    [InlineData("frozen", "frozen", true)]
    [InlineData("frozen", "frozen", false, "groups")]
    public void Given_each_lm_mode_When_trained_for_an_epoch_Then_the_summary_holds_em_question_only_family_and_situation_metrics(
        string mode, string textMode, bool shuffle, string sceneTokens = "objects")
    {
        var dir = TestPaths.NewTempDir($"3dqa-{mode}-{textMode}");
        var summary = TrainingRunner.Run(Tiny(LmStageMode.Parse(mode, "--lm-mode"), textMode, shuffle, sceneTokens: sceneTokens), dir);
        Assert.Equal("em1", summary.PrimaryMetric);
        foreach (var key in new[] { "em1", "em10", "question_only_em1", "em1_side", "em1_count", "em1_colour", "em1_reach", "em1_larger" })
            Assert.InRange(summary.FinalMetrics[key], 0, 1);
        Assert.True(summary.FinalMetrics["em10"] >= summary.FinalMetrics["em1"]);
        Assert.True(summary.FinalMetrics["situation_pos_err"] >= 0);
        Assert.InRange(summary.FinalMetrics["situation_yaw_err_deg"], 0, 180);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "config.json")))!;
        Assert.Equal(shuffle, config["data"]!["scene_shuffled"]!.GetValue<bool>());
        using var weights = FrozenLm.Tensors.SafetensorsFile.Open(Path.Combine(dir, "last.safetensors"));
        Assert.Equal(textMode == "finetune", weights.Names.Any(n => n.StartsWith("text_encoder.", StringComparison.Ordinal)));
        Assert.Contains("situation_head.2.weight", weights.Names);
        Assert.Equal(sceneTokens == "objects", weights.Names.Contains("scene_encoder.box_embed.0.weight"));
        Assert.Equal(sceneTokens, config["options"]!["task_options"]!["scene_tokens"]!.GetValue<string>());
    }

    [Fact]
    public void Given_the_sqa3d_fixture_folder_When_trained_Then_the_question_types_are_the_families()
    {
        var dir = Sqa3dReaderTests.CopyFixture();
        var summary = TrainingRunner.Run(Tiny(LmStageMode.None, data: dir, sceneTokens: "groups"), Path.Combine(dir, "run"));
        // The one evaluation question ("Which is larger?", answer "table") has an answer no training question has.
        Assert.Equal(0, summary.FinalMetrics["em1_which"]);
        Assert.Equal(0, summary.FinalMetrics["em10"]);
        Assert.False(summary.FinalMetrics.ContainsKey("em1_side"));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "run", "config.json")))!;
        Assert.Equal("sqa3d", config["data"]!["format"]!.GetValue<string>());
        Assert.Equal(3, config["data"]!["answers"]!.GetValue<int>());
    }

    [Fact]
    public void Given_a_tiny_run_When_predicted_evaluated_and_explained_from_the_cli_Then_each_writes_its_outputs()
    {
        var dir = Path.Combine(TestPaths.NewTempDir("3dqa-cli"), "run");
        var (code, _, err) = CliRunner.Run(["train", "--task", "3dqa", "--train-limit", "30", "--eval-limit", "10", "--epochs", "1",
            "--batch-size", "10", "--lm-mode", "none", "--scene-tokens", "groups", "--threads", "1", .. TinyFlags, "--out", dir]);
        Assert.True(code == 0, err);

        var scene = TestPaths.Fixture("sqa3d", "scenes", "scene0001_00.ply");
        (code, var output, err) = CliRunner.Run("predict", "--run", dir, "--scene", scene, "--situation", "I am next to the red cube.",
            "--question", "What is on my left?", "--question", "How many cones are behind me?", "--top", "2", "--json", "--threads", "1");
        Assert.True(code == 0, err);
        var prediction = JsonNode.Parse(output)!.AsArray().Single()!;
        Assert.Equal(2, prediction["questions"]!.AsArray().Count);
        Assert.Equal(2, prediction["questions"]![0]!["answers"]!.AsArray().Count);
        Assert.True(prediction["agent"]!["yaw_deg"] is not null);

        (code, _, err) = CliRunner.Run("predict", "--run", dir, "--scene", scene, "--question", "What is on my left?", "--threads", "1");
        Assert.Equal(2, code);
        Assert.Contains("--situation", err);

        var bad = Path.Combine(TestPaths.NewTempDir("3dqa-bad-scene"), "bad.ply");
        File.WriteAllText(bad, "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nend_header\n");
        (code, _, err) = CliRunner.Run("predict", "--run", dir, "--scene", bad, "--situation", "s", "--question", "q?", "--threads", "1");
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.StartsWith($"error: {bad}:", err.Trim());

        (code, output, err) = CliRunner.Run("eval", "--run", dir, "--threads", "1");
        Assert.True(code == 0, err);
        Assert.Contains("question-only", output);
        var eval = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "eval.json")))!;
        Assert.Equal(10, eval["samples"]!.GetValue<long>());
        Assert.True(File.Exists(Path.Combine(dir, "sqa3d_families.png")));

        var explainDir = Path.Combine(dir, "explain");
        (code, _, err) = CliRunner.Run("explain", "--run", dir, "--out", explainDir, "--images", "6", "--threads", "1");
        Assert.True(code == 0, err);
        Assert.True(File.Exists(Path.Combine(explainDir, "filtering.json")));
        Assert.True(File.Exists(Path.Combine(explainDir, "renderings.png")));

        var single = Path.Combine(dir, "explain-one");
        (code, _, err) = CliRunner.Run("explain", "--run", dir, "--out", single, "--scene", scene, "--situation", "I face the door.",
            "--question", "What is on my left?", "--threads", "1");
        Assert.True(code == 0, err);
        Assert.True(File.Exists(Path.Combine(single, "renderings.png")));
        Runtime.TorchRuntimeReset.AllCores();
    }

    [Fact]
    public void Given_a_malformed_sqa3d_annotations_file_When_training_from_the_cli_Then_exit_2_naming_the_file()
    {
        var dir = Sqa3dReaderTests.CopyFixture();
        var path = Path.Combine(dir, "balanced", "v1_balanced_sqa_annotations_train_scannetv2.json");
        File.WriteAllText(path, "{\"annotations\": [");
        var (code, _, err) = CliRunner.Run("train", "--task", "3dqa", "--data", dir, "--out", Path.Combine(dir, "run"), "--threads", "1");
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.StartsWith($"error: {path}: malformed JSON", err.Trim());
    }

    [Fact]
    public void Given_an_object_token_run_When_predicted_on_a_file_without_segments_and_explained_on_generated_rooms_Then_one_error_line_and_outputs()
    {
        var dir = Path.Combine(TestPaths.NewTempDir("3dqa-objects-cli"), "run");
        var (code, _, err) = CliRunner.Run(["train", "--task", "3dqa", "--train-limit", "30", "--eval-limit", "10", "--epochs", "1",
            "--batch-size", "10", "--lm-mode", "none", "--scene-tokens", "objects", "--threads", "1", .. TinyFlags, "--out", dir]);
        Assert.True(code == 0, err);
        var scene = TestPaths.Fixture("sqa3d", "scenes", "scene0001_00.ply");
        (code, _, err) = CliRunner.Run("predict", "--run", dir, "--scene", scene, "--situation", "I am next to the red cube.",
            "--question", "What is on my left?", "--threads", "1");
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.StartsWith($"error: {scene}:", err.Trim());
        Assert.Contains("object segments", err);

        var explainDir = Path.Combine(dir, "explain");
        (code, var output, err) = CliRunner.Run("explain", "--run", dir, "--out", explainDir, "--images", "4", "--threads", "1");
        Assert.True(code == 0, err);
        Assert.True(File.Exists(Path.Combine(explainDir, "renderings.png")));
        Assert.Contains("object tokens", File.ReadAllText(Path.Combine(explainDir, "filtering.json")));
        Runtime.TorchRuntimeReset.AllCores();
    }

    [Theory]
    [InlineData("--scene-tokens", "blobs", "'blobs' is not one of groups, objects")]
    [InlineData("--max-objects", "0", "must be positive")]
    public void Given_a_bad_scene_token_flag_When_training_Then_exit_2_with_one_line_naming_it(string flag, string value, string problem)
    {
        var (code, _, err) = CliRunner.Run("train", "--task", "3dqa", flag, value, "--out", Path.Combine(TestPaths.NewTempDir("3dqa-tokens"), "run"));
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.StartsWith($"error: {flag}:", err.Trim());
        Assert.Contains(problem, err);
    }

    [Fact]
    public void Given_object_tokens_on_data_without_segments_When_training_Then_exit_2_with_one_line_naming_the_flag()
    {
        var dir = Sqa3dReaderTests.CopyFixture();
        var (code, _, err) = CliRunner.Run("train", "--task", "3dqa", "--data", dir, "--scene-tokens", "objects", "--lm-mode", "none",
            "--out", Path.Combine(dir, "run"), "--threads", "1");
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.StartsWith("error: --scene-tokens: objects needs per-point object segments", err.Trim());
        Assert.False(Directory.Exists(Path.Combine(dir, "run")) && Directory.EnumerateFiles(Path.Combine(dir, "run"), "*.safetensors").Any());
    }

    [Theory]
    [InlineData("--situation-loss-weight", "-1")]
    [InlineData("--fusion-heads", "3")]
    [InlineData("--scene-depth", "-1")]
    public void Given_a_bad_flag_When_training_Then_exit_2_naming_the_flag(string flag, string value)
    {
        var (code, _, err) = CliRunner.Run("train", "--task", "3dqa", flag, value, "--out", Path.Combine(TestPaths.NewTempDir("3dqa-flag"), "run"));
        Assert.Equal(2, code);
        Assert.Contains(flag, err);
    }
}
