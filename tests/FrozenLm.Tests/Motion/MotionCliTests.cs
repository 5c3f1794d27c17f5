using System.Text.Json.Nodes;
using FrozenLm.Tests.Cli;

namespace FrozenLm.Tests.Motion;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class MotionCliTests
{
    private static readonly string[] TinyModel =
    [
        "train", "--task", "motion", "--epochs", "1", "--batch-size", "8", "--dim", "16", "--heads", "2", "--subgraph-hidden", "8",
        "--decoder-hidden", "16", "--max-agents", "2", "--max-lanes", "4", "--threads", "1",
    ];

    [Fact]
    public void Given_a_tiny_synthetic_roads_run_When_trained_predicted_evaluated_and_explained_Then_each_writes_its_outputs()
    {
        var dir = Path.Combine(TestPaths.NewTempDir("motion-run"), "run");
        var (code, _, err) = CliRunner.Run([.. TinyModel, "--roads-train", "16", "--roads-test", "8", "--out", dir]);
        Assert.True(code == 0, err);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!;
        Assert.Equal("min_ade", summary["primary_metric"]!.GetValue<string>());
        Assert.False(summary["primary_higher_is_better"]!.GetValue<bool>());
        foreach (var key in new[] { "min_ade", "min_fde", "miss_rate", "min_ade_k1", "min_fde_k1", "miss_rate_k1", "cv_min_ade", "cv_min_fde" })
            Assert.True(summary["final_metrics"]![key] is not null, $"final_metrics lacks {key}");

        var scene = TestPaths.Fixture("motion", "scene_1.csv");
        var test = TestPaths.Fixture("motion", "scene_test.csv");
        (code, var output, err) = CliRunner.Run("predict", "--run", dir, "--scene", scene, "--scene", test, "--json", "--threads", "1");
        Assert.True(code == 0, err);
        var predictions = JsonNode.Parse(output)!.AsArray();
        Assert.Equal(2, predictions.Count);
        Assert.Equal(6, predictions[0]!["modes"]!.AsArray().Count);
        Assert.True(predictions[0]!["min_ade"] is not null);
        Assert.True(predictions[1]!["min_ade"] is null);
        Assert.False(predictions[1]!["has_future"]!.GetValue<bool>());
        Assert.True(File.Exists(Path.Combine(dir, "predict", "scene_1.png")));
        Assert.True(File.Exists(Path.Combine(dir, "predict", "scene_test.png")));

        (code, output, err) = CliRunner.Run("eval", "--run", dir, "--threads", "1");
        Assert.True(code == 0, err);
        Assert.Contains("constant velocity", output);
        Assert.True(File.Exists(Path.Combine(dir, "eval.json")));

        var explainDir = Path.Combine(dir, "explain");
        (code, output, err) = CliRunner.Run("explain", "--run", dir, "--out", explainDir, "--images", "4", "--coherence-samples", "2", "--threads", "1");
        Assert.True(code == 0, err);
        Assert.True(File.Exists(Path.Combine(explainDir, "filtering.json")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(explainDir, "scenes"), "*.png"));
        Runtime.TorchRuntimeReset.AllCores();
    }

    [Fact]
    public void Given_a_tiny_mmTransformer_run_When_explained_Then_each_proposal_token_is_scored_and_the_most_active_proposals_drawn()
    {
        var dir = Path.Combine(TestPaths.NewTempDir("motion-mm-explain"), "run");
        var (code, _, err) = CliRunner.Run([.. TinyModel, "--model", "mmtransformer", "--regions", "3", "--proposals-per-region", "2",
            "--roads-train", "16", "--roads-test", "8", "--out", dir]);
        Assert.True(code == 0, err);

        var explainDir = Path.Combine(dir, "explain");
        (code, var output, err) = CliRunner.Run("explain", "--run", dir, "--out", explainDir, "--images", "4", "--coherence-samples", "2", "--threads", "1");
        Runtime.TorchRuntimeReset.AllCores();
        Assert.True(code == 0, err);
        Assert.Contains("relevant proposals 33.3 % of each scene's on average", output);
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(explainDir, "filtering.json")))!;
        Assert.Equal([6, 1], report["grid"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.Contains("trajectory proposals, not polylines", report["ground_truth"]!.GetValue<string>());
        Assert.Equal(1.0 / 3, report["object_token_fraction"]!.GetValue<double>(), 9);
        var auroc = report["points"]!["visual"]!["magnitude_auroc"]!.GetValue<double>();
        Assert.InRange(auroc, 0, 1);
        Assert.NotNull(report["gradient_coherence"]);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(explainDir, "scenes"), "*_visual.png"));
    }

    [Theory]
    [InlineData("TIMESTAMP,TRACK_ID,OBJECT_TYPE,X,CITY_NAME\n1,a,AGENT,1,PIT\n", "missing column Y")]
    [InlineData("TIMESTAMP,TRACK_ID,OBJECT_TYPE,X,Y,CITY_NAME\n1,a,AV,1,2,PIT\n", "no AGENT track")]
    public void Given_an_Argoverse_folder_with_a_bad_scene_When_trained_Then_exit_2_with_one_line_naming_the_file(string content, string problem)
    {
        var root = TestPaths.NewTempDir("motion-bad");
        Directory.CreateDirectory(Path.Combine(root, "train", "data"));
        Directory.CreateDirectory(Path.Combine(root, "val", "data"));
        File.Copy(TestPaths.Fixture("motion", "scene_1.csv"), Path.Combine(root, "val", "data", "1.csv"));
        var bad = Path.Combine(root, "train", "data", "2.csv");
        File.WriteAllText(bad, content);
        var (code, _, err) = CliRunner.Run([.. TinyModel, "--data", root, "--out", Path.Combine(root, "run")]);
        Assert.Equal(2, code);
        var lines = err.Trim().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith($"error: {bad}: {problem}", lines[0]);
        Runtime.TorchRuntimeReset.AllCores();
    }

    [Fact]
    public void Given_a_maps_folder_with_a_file_that_is_not_a_vector_map_When_trained_Then_exit_2_naming_that_file()
    {
        var root = TestPaths.NewTempDir("motion-badmap");
        foreach (var split in new[] { "train", "val" })
        {
            Directory.CreateDirectory(Path.Combine(root, split));
            File.Copy(TestPaths.Fixture("motion", "scene_1.csv"), Path.Combine(root, split, "1.csv"));
        }
        var maps = Path.Combine(root, "maps");
        Directory.CreateDirectory(maps);
        var bad = Path.Combine(maps, "pruned_argoverse_PIT_10314_vector_map.xml");
        File.WriteAllText(bad, "<osm version=\"0.6\"></osm>");
        var (code, _, err) = CliRunner.Run([.. TinyModel, "--data", root, "--maps", maps, "--out", Path.Combine(root, "run")]);
        Assert.Equal(2, code);
        Assert.StartsWith($"error: {bad}: not an Argoverse vector map", err.Trim());
        Assert.Single(err.Trim().Split('\n'));
        Runtime.TorchRuntimeReset.AllCores();
    }
}
