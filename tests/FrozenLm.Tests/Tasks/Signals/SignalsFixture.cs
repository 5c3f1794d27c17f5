using FrozenLm.Comparison;
using FrozenLm.Reports;
using FrozenLm.Tasks;
using FrozenLm.Tests.Comparison;
using FrozenLm.Training;
using TorchSharp;

namespace FrozenLm.Tests.Tasks.Signals;

/// <summary>
/// Registers the test-only <c>signals</c> task (and <c>signals-bare</c>, the same task without hooks), trains one run
/// through <see cref="TrainingRunner"/> and one comparison (none, frozen x 2 seeds, 1 epoch) through
/// <see cref="CompareRunner"/> with the real <see cref="TrainerCompareBackend"/>; the tests read what they wrote.
/// </summary>
public sealed class SignalsFixture
{
    public const string BareTask = "signals-bare";

    public SignalsFixture()
    {
        TaskRegistry.Register(new SignalsDefinition());
        TaskRegistry.Register(new SignalsDefinition(BareTask, withHooks: false));

        RunDir = Path.Combine(TestPaths.NewTempDir("signals-run"), "run");
        Summary = TrainingRunner.Run(TrainOptions.Resolve(SignalsOptions.TaskName, "quick", new TrainOverrides { Seed = 1 }), RunDir);

        CompareDir = TestPaths.NewTempDir("signals-compare");
        var settings = CompareDefaults.Apply(new CompareSettings
        {
            Task = SignalsOptions.TaskName, Variants = ["none", "frozen"], Seeds = 2, Epochs = 1,
        });
        Records = new CompareRunner(new TrainerCompareBackend(torch.CPU), new RecordingObserver())
            .Run(settings, CompareDir, force: false, CancellationToken.None);
        var setup = CompareSetup.Describe(settings, Records, TrainerCompareBackend.Describe(settings, CompareDir), threads: 1,
            wallSeconds: 0, toolVersion: "test");
        Result = ComparisonAggregator.Aggregate(setup, Records);
        ComparisonReports.Write(Result, CompareDir);
    }

    internal string RunDir { get; }
    internal RunSummary Summary { get; }
    internal string CompareDir { get; }
    internal IReadOnlyList<RunRecord> Records { get; }
    internal ComparisonResult Result { get; }
}
