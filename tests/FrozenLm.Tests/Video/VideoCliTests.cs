using System.Text.Json.Nodes;
using FrozenLm.Tests.Cli;

namespace FrozenLm.Tests.Video;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class VideoCliTests
{
    private static readonly string[] Tiny =
    [
        "--task", "video", "--lm-mode", "none", "--dim", "16", "--depth", "1", "--heads", "2", "--frames", "4", "--img-size", "16",
        "--shapes-train", "2", "--shapes-test", "1", "--shapes-frames", "8", "--shapes-size", "16", "--epochs", "1",
        "--batch-size", "10", "--threads", "1",
    ];

    [Fact]
    public void Train_eval_predict_and_explain_a_tiny_video_run()
    {
        var root = TestPaths.NewTempDir("video-cli");
        var run = Path.Combine(root, "run");
        var (code, _, err) = CliRunner.Run(["train", .. Tiny, "--out", run]);
        Assert.True(code == 0, err);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!;
        Assert.Equal("top1", summary["primary_metric"]!.GetValue<string>());
        Assert.NotNull(summary["final_metrics"]!["top5"]);

        (code, var output, err) = CliRunner.Run("eval", "--run", run, "--threads", "1");
        Assert.True(code == 0, err);
        Assert.Contains("moving-shapes/test: 10 clips x 1 views", output);
        Assert.True(File.Exists(Path.Combine(run, "confusion.png")));

        var clip = Path.Combine(root, "clip");
        VideoTestFiles.WriteRawFrames(clip, 6);
        (code, output, err) = CliRunner.Run("predict", "--run", run, clip, "--top", "2", "--threads", "1");
        Assert.True(code == 0, err);
        Assert.Contains(clip, output);
        Assert.Contains("%", output);

        var explain = Path.Combine(root, "explain");
        (code, output, err) = CliRunner.Run("explain", "--run", run, "--out", explain, "--images", "10", "--coherence-samples", "2",
            "--threads", "1");
        Assert.True(code == 0, err);
        var filtering = JsonNode.Parse(File.ReadAllText(Path.Combine(explain, "filtering.json")))!;
        Assert.Equal("video", filtering["task"]!.GetValue<string>());
        Assert.Equal(10, filtering["images"]!.GetValue<int>() + filtering["skipped_images"]!.GetValue<int>());
        Assert.True(File.Exists(Path.Combine(explain, "overlays.png")));
    }

    [Fact]
    public void Bad_clip_input_is_one_line_and_exit_2()
    {
        var root = TestPaths.NewTempDir("video-cli-bad");
        VideoTestFiles.WriteRawFrames(Path.Combine(root, "a"), 3);
        File.WriteAllText(Path.Combine(root, "train_list.txt"), "a 3 0\na 3 1\n");
        File.WriteAllText(Path.Combine(root, "val_list.txt"), "a 3 0\n");
        var (code, _, err) = CliRunner.Run(["train", .. Tiny, "--data", root, "--out", Path.Combine(root, "run")]);
        Assert.Equal(2, code);
        var line = Assert.Single(err.Trim().Split('\n'));
        Assert.Contains(Path.Combine(root, "a"), line);
        Assert.Contains("fewer than --frames 4", line);

        File.WriteAllText(Path.Combine(root, "train_list.txt"), "a 3 zero\n");
        (code, _, err) = CliRunner.Run(["train", .. Tiny, "--data", root, "--out", Path.Combine(root, "run2")]);
        Assert.Equal(2, code);
        Assert.Contains("train_list.txt:1", Assert.Single(err.Trim().Split('\n')));
    }
}
