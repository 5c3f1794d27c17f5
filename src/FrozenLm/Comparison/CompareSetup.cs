using FrozenLm.Tasks;

namespace FrozenLm.Comparison;

/// <summary>
/// How a comparison was run: its settings, the resolved epoch count, the machine it ran on, and the task's primary
/// metric and sample unit (from the task definition).
/// </summary>
public sealed record CompareSetup(
    CompareSettings Settings,
    int Epochs,
    string DataDescription,
    string ModelDescription,
    string LmDescription,
    string TrainingDescription,
    int Threads,
    int ProcessorCount,
    string Machine,
    string ToolVersion,
    DateTimeOffset FinishedUtc,
    double WallSeconds,
    double TrainSeconds,
    MetricInfo Metric,
    string SampleUnit)
{
    /// <summary>What the numbers are, e.g. "test top-1 accuracy (%) after the last epoch"; never the best epoch picked on test.</summary>
    public string MetricDescription =>
        (Metric.Description.Length > 0 ? Metric.Description : "test " + Metric.Label) +
        (Metric.Unit.Length > 0 ? $" ({Metric.Unit})" : "") + " after the last epoch";

    /// <summary>The task's throughput unit ("img/s", "clouds/s", "samples/s").</summary>
    public string ThroughputUnit => ThroughputUnits.Of(SampleUnit);

    /// <summary>The setup of finished <paramref name="runs"/>: epochs and training time come from the runs themselves.</summary>
    public static CompareSetup Describe(CompareSettings settings, IReadOnlyList<RunRecord> runs, RunDescription description,
        int threads, double wallSeconds, string toolVersion)
    {
        var task = TaskRegistry.Get(settings.Task);
        return new CompareSetup(
            settings,
            runs.Count == 0 ? settings.Epochs ?? 0 : runs.Max(r => r.Epochs),
            description.Data,
            description.Model,
            description.Lm,
            description.Training,
            threads,
            Environment.ProcessorCount,
            $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription.Trim()} " +
            $"{System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}",
            toolVersion,
            DateTimeOffset.UtcNow,
            wallSeconds,
            runs.Sum(r => r.Curve.Sum(c => c.Seconds)),
            task.PrimaryMetric,
            task.SampleUnit);
    }
}
