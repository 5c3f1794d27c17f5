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
