using FrozenLm.Tasks;
namespace FrozenLm.Comparison;

/// <summary>How a comparison was run: its settings, the resolved epoch count and the machine it ran on.</summary>
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
    double TrainSeconds)
{
    /// <summary>The task's name for the compared accuracy ("top-1", "OA").</summary>
    public string AccuracyName => Tasks.TaskRegistry.Get(Settings.Task).AccuracyName;

    /// <summary>What the accuracy numbers are: the last epoch's test accuracy, never the best epoch picked on test.</summary>
    public string MetricDescription => Tasks.TaskRegistry.Get(Settings.Task).AccuracyDescription + " (%) after the last epoch";

    /// <summary>The task's throughput unit ("img/s", "clouds/s").</summary>
    public string ThroughputUnit => Tasks.TaskRegistry.Get(Settings.Task).ThroughputUnit;

    /// <summary>The setup of finished <paramref name="runs"/>: epochs and training time come from the runs themselves.</summary>
    public static CompareSetup Describe(CompareSettings settings, IReadOnlyList<RunRecord> runs, RunDescription description,
        int threads, double wallSeconds, string toolVersion) => new(
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
        runs.Sum(r => r.Curve.Sum(c => c.Seconds)));
}
