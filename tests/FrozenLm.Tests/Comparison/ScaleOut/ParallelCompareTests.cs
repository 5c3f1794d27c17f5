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
    public void Given_children_interrupted_after_an_epoch_When_compare_parallel_2_continues_Then_runs_resume_and_end_bit_identical_to_one_process()
    {
        var dir = TestPaths.NewTempDir("scaleout-parallel");
        var settings = CompareGridFile.Read(_grid.ReferenceDir);
        var plan = CompareRunner.Prepare(settings, dir, force: false);
        CompareGridFile.Write(dir, settings);
        using var cancel = new CancellationTokenSource();
        var observer = new CancelAfterFirstEpoch(cancel);
        var runner = new ParallelCompareRunner(ChildRunCommand.ForCliAssembly(typeof(CliApp).Assembly.Location), 2, 1, observer);

        // What Ctrl-C does: the running children are interrupted and keep their checkpointed epoch. A child whose last
        // epoch was already under way may still finish first (the runs are tiny): it exits 0, or, when the interrupt
        // lands between its summary.json (written last) and its exit, non-zero with the run complete. Every exit 0 is
        // a finished run, and only the unfinished ones are trained again below.
        Assert.ThrowsAny<OperationCanceledException>(() => runner.Run(plan, dir, cancel.Token));
        Assert.Equal(2, observer.ExitCodes.Count);
        var finished = TinyGrid.RunDirs.Count(r => File.Exists(Path.Combine(dir, r, "summary.json")));
        Assert.InRange(observer.ExitCodes.Count(c => c == 0), 0, finished);
        var noneInterrupted = !File.Exists(Path.Combine(dir, TinyGrid.RunDirs[0], "summary.json"));
        if (noneInterrupted)
            Assert.True(File.Exists(Path.Combine(dir, TinyGrid.RunDirs[0], "train_state.safetensors")), "the first epoch's checkpoint is kept");

        var (code, output, err) = CliRunner.Run([.. _grid.Args(dir), "--parallel", "2", "--threads", "1"]);
        Assert.True(code == 0, err + output);
        Assert.Contains("2 runs at a time x 1 threads", output);
        Assert.Equal(TinyGrid.Runs - finished, output.Split('\n').Count(l => l.Contains(": started (pid ")));
        Assert.Equal(TinyGrid.Runs - finished, output.Split('\n').Count(l => l.Contains(": done in ") && !l.Contains(" | ")));
        if (noneInterrupted)
            Assert.Contains("none seed 0 | [1/4] none     seed 0: resuming from its last checkpoint", output);
        Assert.Contains("frozen:layers=3 seed 1 | epoch 2/2: train loss ", output);
        Assert.Contains("progress: 4/4 runs done, 0 running, 0 waiting", output);
        _grid.AssertIdenticalToReference(dir);
        Assert.False(File.Exists(Path.Combine(dir, CompareLock.HolderFile)));
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
