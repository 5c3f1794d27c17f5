using System.Text.Json;
using System.Text.Json.Nodes;
using FrozenLm.Comparison;
using FrozenLm.Tasks.Motion;
using FrozenLm.Tests.Cli;

namespace FrozenLm.Tests.Comparison;

/// <summary>The task's own train flags in a comparison: recorded in the grid, used by every run, refused when bad or changed.</summary>
[Collection(Runtime.RuntimeCollection.Name)]
public sealed class CompareTaskFlagsTests
{
    private static CompareSettings Motion(params (string Flag, string Value)[] flags) => new()
    {
        Task = "motion",
        Variants = ["none", "frozen"],
        Seeds = 2,
        Epochs = 3,
        TaskFlags = new SortedDictionary<string, string>(flags.ToDictionary(f => f.Flag, f => f.Value), StringComparer.Ordinal),
    };

    [Fact]
    public void Given_task_flags_When_the_grid_is_written_and_read_Then_they_survive_and_every_run_resolves_them()
    {
        var dir = TestPaths.NewTempDir("compare-taskflags-grid");
        CompareGridFile.Write(dir, Motion(("--model", "mmtransformer"), ("--regions", "4"), ("--proposals-per-region", "3")));
        var read = CompareGridFile.Read(dir);

        Assert.Equal(new Dictionary<string, string> { ["--model"] = "mmtransformer", ["--proposals-per-region"] = "3", ["--regions"] = "4" }, read.TaskFlags);
        Assert.Equal("--model mmtransformer --proposals-per-region 3 --regions 4", read.RunFingerprint("frozen", 1)[CompareSettings.TaskFlagsKey]);
        foreach (var run in CompareRunner.Plan(read))
        {
            var motion = TrainerCompareBackend.Options(run).TaskOptionsAs<MotionTaskOptions>();
            Assert.Equal("mmtransformer", motion.Architecture);
            Assert.Equal(4, motion.MmTransformer.Regions);
            Assert.Equal(3, motion.MmTransformer.ProposalsPerRegion);
        }
        // The comparison's own --epochs still applies next to the task flags.
        Assert.Equal(3, TrainerCompareBackend.Options(CompareRunner.Plan(read)[0]).Epochs);
        Assert.Equal(CompareSettings.NoTaskFlags, Motion().RunFingerprint("none", 0)[CompareSettings.TaskFlagsKey]);
    }

    [Fact]
    public void Given_a_grid_file_naming_a_flag_the_task_lacks_When_read_Then_it_names_the_flag()
    {
        var dir = TestPaths.NewTempDir("compare-taskflags-foreign");
        CompareGridFile.Write(dir, Motion(("--votes", "3")));
        var e = Assert.Throws<UserInputException>(() => CompareGridFile.Read(dir));
        Assert.Equal("--votes", e.Subject);
        Assert.Equal("is not a flag of task 'motion'", e.Problem);
    }

    [Fact]
    public void Given_runs_made_without_task_flags_When_resumed_with_some_Then_it_refuses_and_a_record_from_before_task_flags_still_matches()
    {
        var dir = TestPaths.NewTempDir("compare-taskflags-resume");
        new CompareRunner(new FakeCompareTrainer { MetricKey = "min_ade", Scale = 1 }, new RecordingObserver()).Run(Motion(), dir, false, default);

        var e = Assert.Throws<UserInputException>(() => CompareRunner.Prepare(Motion(("--model", "mmtransformer")), dir, force: false));
        Assert.Equal(
            "none/seed-0 was trained with task_flags=none, this comparison asks task_flags=--model mmtransformer; pass --force to retrain it, " +
            "or choose another --out", e.Problem);

        // A run record written before task flags existed has no task_flags key: it had none, so it is reused.
        var record = Path.Combine(dir, "none", "seed-0", CompareRunner.RunRecordFile);
        var old = JsonNode.Parse(File.ReadAllText(record))!.AsObject();
        Assert.True(old.Remove(CompareSettings.TaskFlagsKey));
        File.WriteAllText(record, old.ToJsonString());
        Assert.True(CompareRunner.IsDone(CompareRunner.Plan(Motion())[0], dir));
        Assert.False(CompareRunner.IsDone(CompareRunner.Plan(Motion(("--model", "mmtransformer")))[0], dir));
    }

    [Theory]
    [InlineData("--regions", "0", "error: --regions: must be at least 1, got 0")]
    [InlineData("--model", "lanegcn", "error: --model: unknown motion model 'lanegcn' (known: vectornet, mmtransformer)")]
    [InlineData("--votes", "3", "error: --votes: is not a flag of task 'motion'")]
    public void Given_a_bad_task_flag_When_compare_Then_exit_2_with_one_line_naming_it_and_nothing_written(string flag, string value, string expected)
    {
        var dir = TestPaths.NewTempDir("compare-taskflags-bad");
        var (code, _, err) = CliRunner.Run("compare", "--task", "motion", flag, value, "--out", dir, "--threads", "1");
        Runtime.TorchRuntimeReset.AllCores();
        Assert.Equal(2, code);
        Assert.Equal(expected, err.Trim());
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public void Given_model_mmtransformer_When_compare_runs_in_process_and_in_child_processes_Then_every_run_trains_it_and_other_flags_are_refused()
    {
        var dir = TestPaths.NewTempDir("compare-taskflags-e2e");
        string[] tiny =
        [
            "--dim", "16", "--heads", "2", "--subgraph-hidden", "8", "--decoder-hidden", "16", "--max-agents", "2", "--max-lanes", "4",
            "--roads-train", "16", "--roads-test", "8", "--regions", "2", "--proposals-per-region", "3",
        ];
        string[] common = ["compare", "--task", "motion", "--model", "mmtransformer", .. tiny, "--epochs", "1", "--batch-size", "8", "--out", dir, "--threads", "1"];

        // seed 0 in this process, then seed 1 added and trained by a child compare-run process (--parallel 2).
        var (code, output, err) = CliRunner.Run([.. common, "--variants", "none,mlp", "--seeds", "1", "--parallel", "1"]);
        Assert.True(code == 0, err);
        Assert.Contains("task flags --decoder-hidden 16 --dim 16 --heads 2 --max-agents 2", output);
        (code, output, err) = CliRunner.Run([.. common, "--variants", "none,mlp", "--seeds", "2", "--parallel", "2"]);
        Assert.True(code == 0, err);
        Assert.Equal(2, output.Split('\n').Count(l => l.Contains("finished earlier, reused")));

        using (var grid = JsonDocument.Parse(File.ReadAllBytes(CompareGridFile.PathIn(dir))))
            Assert.Equal("mmtransformer", grid.RootElement.GetProperty("TaskFlags").GetProperty("--model").GetString());
        foreach (var run in new[] { "none/seed-0", "mlp/seed-0", "none/seed-1", "mlp/seed-1" })
        {
            var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, run, "config.json")))!["options"]!["task_options"]!;
            Assert.Equal("mmtransformer", config["architecture"]!.GetValue<string>());
            Assert.Equal(2, config["mm_transformer"]!["regions"]!.GetValue<int>());
        }
        using (var results = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "results.json"))))
            Assert.Equal("3", results.RootElement.GetProperty("setup").GetProperty("task_flags").GetProperty("--proposals-per-region").GetString());
        Assert.Contains("| task flags | --decoder-hidden 16 --dim 16 --heads 2 --max-agents 2 --max-lanes 4 --model mmtransformer", File.ReadAllText(Path.Combine(dir, "report.md")));

        // The same folder with another model: refused in one line, nothing retrained.
        (code, _, err) = CliRunner.Run([.. common.Select(a => a == "mmtransformer" ? "vectornet" : a), "--variants", "none,mlp", "--seeds", "2"]);
        Runtime.TorchRuntimeReset.AllCores();
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains("none/seed-0 was trained with task_flags=--decoder-hidden 16", err);
        Assert.Contains("--model mmtransformer", err);
        Assert.Contains("this comparison asks task_flags=", err);
    }
}
