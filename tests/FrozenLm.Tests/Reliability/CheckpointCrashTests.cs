using FrozenLm.FrozenStage;
using FrozenLm.IO;
using FrozenLm.Tasks;
using FrozenLm.Tensors;
using FrozenLm.Tests.Cli;
using FrozenLm.Tests.Training;
using FrozenLm.Training;

namespace FrozenLm.Tests.Reliability;

/// <summary>
/// A run that dies between any two of its end-of-epoch files (or before its first checkpoint, or on a failed write)
/// resumes to the weights, optimizer state and metrics of the uninterrupted run, bit for bit.
/// </summary>
[Collection(Runtime.RuntimeCollection.Name)]
public sealed class CheckpointCrashTests
{
    private sealed class CrashAfter(string file, int epoch) : ITrainingObserver
    {
        private int _epoch;

        public void EpochFinished(EpochMetrics metrics) => _epoch = metrics.Epoch;

        public void FileWritten(string path)
        {
            if (Path.GetFileName(path) == file && _epoch + 1 == epoch)
                throw new SimulatedCrash();
        }
    }

    private sealed class CrashAtStart : ITrainingObserver
    {
        public void RunStarted(RunStart start) => throw new SimulatedCrash();
    }

    private sealed class SimulatedCrash : Exception;

    private static readonly Lazy<(string Data, string Full, RunSummary Summary)> Reference = new(() =>
    {
        var data = TinyImageData.WriteIdx(TestPaths.NewTempDir("crash-data"), train: 32, test: 16);
        var full = Path.Combine(TestPaths.NewTempDir("crash-full"), "run");
        return (data, full, TrainingRunner.Run(Options(data), full));
    });

    private static TrainOptions Options(string data) => TinyRuns.Options(data, LmStageMode.Mlp, epochs: 3);

    [Theory]
    [InlineData(RunFiles.Metrics, 2)]
    [InlineData(RunFiles.TrainState, 2)]
    [InlineData(RunFiles.LastWeights, 2)]
    [InlineData(RunFiles.TrainState, 3)]
    [InlineData(RunFiles.Metrics, 1)]
    public void Given_a_run_that_died_right_after_writing_a_file_When_resumed_Then_it_ends_bit_identical(string file, int epoch)
    {
        var (data, full, summary) = Reference.Value;
        var split = Path.Combine(TestPaths.NewTempDir("crash-split"), "run");
        Assert.Throws<SimulatedCrash>(() => TrainingRunner.Run(Options(data), split, new CrashAfter(file, epoch)));
        var resumed = TrainingRunner.Resume(split);
        AssertSameRun(full, summary, split, resumed);
    }

    [Fact]
    public void Given_a_run_killed_before_its_first_checkpoint_When_resumed_Then_it_starts_over_with_the_recorded_options()
    {
        var (data, full, summary) = Reference.Value;
        var split = Path.Combine(TestPaths.NewTempDir("crash-start"), "run");
        Assert.Throws<SimulatedCrash>(() => TrainingRunner.Run(Options(data), split, new CrashAtStart()));
        Assert.Equal([RunFiles.Config], Directory.GetFiles(split).Select(f => Path.GetFileName(f)).ToArray());
        var resumed = TrainingRunner.Resume(split);
        AssertSameRun(full, summary, split, resumed);
    }

    [Fact]
    public void Given_a_full_disk_while_writing_a_checkpoint_When_training_Then_one_line_names_the_file_and_the_previous_checkpoint_resumes()
    {
        var (data, full, summary) = Reference.Value;
        var split = Path.Combine(TestPaths.NewTempDir("crash-disk"), "run");
        var target = Path.GetFullPath(Path.Combine(split, RunFiles.TrainState));
        var writes = 0;
        AtomicFile.InjectedFailure = path => path == target && ++writes == 2 ? new IOException("No space left on device") : null;
        try
        {
            var e = Assert.Throws<UserInputException>(() => TrainingRunner.Run(Options(data), split));
            Assert.Equal(target, e.Subject);
            Assert.Contains("No space left on device", e.Problem);
            Assert.DoesNotContain('\n', e.Message);
        }
        finally
        {
            AtomicFile.InjectedFailure = null;
        }
        using (var state = SafetensorsFile.Open(Path.Combine(split, RunFiles.TrainState)))
            Assert.Equal("1", state.Metadata["epoch"]);
        Assert.Empty(Directory.GetFiles(split, ".*.tmp"));
        var resumed = TrainingRunner.Resume(split);
        AssertSameRun(full, summary, split, resumed);
    }

    [Fact]
    public void Given_an_unwritable_output_When_training_from_the_cli_Then_exit_2_with_one_line_naming_the_file()
    {
        var data = TinyImageData.WriteIdx(TestPaths.NewTempDir("crash-cli-data"), train: 16, test: 8);
        var dir = Path.Combine(TestPaths.NewTempDir("crash-cli"), "run");
        var target = Path.GetFullPath(Path.Combine(dir, RunFiles.TrainState));
        AtomicFile.InjectedFailure = path => path == target ? new UnauthorizedAccessException($"Access to the path '{path}' is denied.") : null;
        try
        {
            var (code, _, err) = CliRunner.Run("train", "--task", "image", "--data", data, "--out", dir, "--epochs", "1", "--batch-size", "16",
                "--dim", "12", "--depth", "1", "--heads", "2", "--patch", "4", "--img-size", "8", "--lm-mode", "none", "--workers", "1");
            Assert.Equal(2, code);
            var line = Assert.Single(err.Trim().Split('\n'));
            Assert.StartsWith($"error: {target}: cannot be written", line);
        }
        finally
        {
            AtomicFile.InjectedFailure = null;
        }
    }

    private static void AssertSameRun(string full, RunSummary expected, string split, RunSummary actual)
    {
        Assert.Equal(expected.FinalMetrics, actual.FinalMetrics);
        Assert.Equal(expected.BestEpoch, actual.BestEpoch);
        foreach (var file in new[] { RunFiles.LastWeights, RunFiles.BestWeights, RunFiles.TrainState })
            GcStressTests.AssertSameBytes(Path.Combine(full, file), Path.Combine(split, file));
        var metrics = File.ReadAllLines(Path.Combine(split, RunFiles.Metrics));
        Assert.Equal(3, metrics.Length);
        Assert.Empty(Directory.GetFiles(split, ".*.tmp"));
    }
}
