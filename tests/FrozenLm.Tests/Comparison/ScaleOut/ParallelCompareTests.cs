using FrozenLm.Cli;
using FrozenLm.Comparison;
using FrozenLm.Comparison.Parallel;
using FrozenLm.Tests.Cli;

namespace FrozenLm.Tests.Comparison.ScaleOut;

[Collection(ScaleOutCollection.Name)]
public sealed class ParallelCompareTests
{
    private readonly TinyGrid _grid;

    public ParallelCompareTests(TinyGrid grid) => _grid = grid;

    [Fact]
    public void Given_the_grid_When_compare_runs_it_with_parallel_2_in_child_processes_Then_results_are_bit_identical_to_one_process()
    {
        var dir = TestPaths.NewTempDir("scaleout-parallel");
        var (code, output, err) = CliRunner.Run([.. _grid.Args(dir), "--parallel", "2", "--threads", "1"]);
        Assert.True(code == 0, err + output);
        Assert.Contains("2 runs at a time x 1 threads", output);
        Assert.Equal(TinyGrid.Runs, output.Split('\n').Count(l => l.Contains(": started (pid ")));
        Assert.Equal(TinyGrid.Runs, output.Split('\n').Count(l => l.Contains(": done in ")  && !l.Contains(" | ")));
        Assert.Contains("frozen:layers=3 seed 1 | epoch 2/2: train loss ", output);
        Assert.Contains("progress: 4/4 runs done", output);
        _grid.AssertIdenticalToReference(dir);
        Assert.False(File.Exists(Path.Combine(dir, CompareLock.HolderFile)));
    }

    [Fact]
    public void Given_children_training_When_cancelled_Then_they_stop_and_every_run_resumes_to_the_same_result()
    {
        var dir = TestPaths.NewTempDir("scaleout-cancel");
        var settings = CompareGridFile.Read(_grid.ReferenceDir);
        var plan = CompareRunner.Prepare(settings, dir, force: false);
        CompareGridFile.Write(dir, settings);
        using var cancel = new CancellationTokenSource();
        var observer = new CancelAfterFirstEpoch(cancel);
        var runner = new ParallelCompareRunner(ChildRunCommand.ForCliAssembly(typeof(CliApp).Assembly.Location), 2, 1, observer);

        Assert.ThrowsAny<OperationCanceledException>(() => runner.Run(plan, dir, cancel.Token));
        Assert.All(observer.ExitCodes, c => Assert.NotEqual(0, c));
        Assert.Equal(2, observer.ExitCodes.Count);
        Assert.DoesNotContain(TinyGrid.RunDirs, r => File.Exists(Path.Combine(dir, r, "summary.json")));
        Assert.True(File.Exists(Path.Combine(dir, TinyGrid.RunDirs[0], "train_state.safetensors")), "the first epoch's checkpoint is kept");

        var (code, output, err) = CliRunner.Run([.. _grid.Args(dir), "--threads", "1"]);
        Runtime.TorchRuntimeReset.AllCores();
        Assert.True(code == 0, err);
        Assert.Contains("none     seed 0: resuming from its last checkpoint", output);
        _grid.AssertIdenticalToReference(dir);
    }

    private sealed class CancelAfterFirstEpoch(CancellationTokenSource cancel) : IParallelCompareObserver
    {
        public List<int> ExitCodes { get; } = [];

        public void RunLaunched(CompareRunRequest run, int index, int pid)
        {
        }

        public void RunOutput(CompareRunRequest run, string line)
        {
            if (run.Variant == "none" && line.Contains("epoch 1/2"))
                cancel.Cancel();
        }

        public void RunExited(CompareRunRequest run, int exitCode, TimeSpan elapsed)
        {
            lock (ExitCodes)
                ExitCodes.Add(exitCode);
        }

        public void Tick(ParallelProgress progress)
        {
        }
    }
}
