using FrozenLm.Tasks;
using System.Globalization;
using FrozenLm.Comparison;

namespace FrozenLm.Cli.Commands;

/// <summary>Prints a comparison's progress as plain lines: one per run, one per finished epoch.</summary>
internal sealed class CompareConsole : ICompareObserver
{
    private readonly TextWriter _out;
    private readonly MetricInfo _metric;
    private readonly string _throughputUnit;

    public CompareConsole(TextWriter output, ITaskDefinition task)
    {
        _out = output;
        _metric = task.PrimaryMetric;
        _throughputUnit = ThroughputUnits.Of(task.SampleUnit);
    }

    public void RunSkipped(CompareRunRequest run, string runDir) =>
        _out.WriteLine($"  {run.Variant,-8} seed {run.Seed}: finished earlier, reused");

    public void RunStarting(CompareRunRequest run, string runDir, int index, int total, bool resuming) =>
        _out.WriteLine($"[{index + 1}/{total}] {run.Variant,-8} seed {run.Seed}: {(resuming ? "resuming from its last checkpoint" : "training")}");

    public void ResumeFailed(CompareRunRequest run, string reason) =>
        _out.WriteLine($"    cannot resume ({reason}); training it again from the start");

    public void EpochFinished(CompareRunRequest run, CompareEpoch epoch) =>
        _out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    epoch {epoch.Epoch}/{epoch.Epochs}: train loss {epoch.TrainLoss:F4}, " +
            $"test {_metric.Label} {ComparedMetric.For(_metric, [epoch.TestMetric]).WithUnit(epoch.TestMetric)}, " +
            $"{epoch.SamplesPerSecond:F0} {_throughputUnit}, {epoch.Seconds:F1} s"));

    public void RunFinished(CompareRunRequest run, TimeSpan elapsed) =>
        _out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    done in {elapsed.TotalSeconds:F0} s"));
}
