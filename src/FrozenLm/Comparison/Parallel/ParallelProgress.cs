namespace FrozenLm.Comparison.Parallel;

/// <summary>The state of a parallel comparison: runs done, running (with their progress), waiting, and the estimate of what is left.</summary>
public sealed record ParallelProgress(
    int Total,
    int Done,
    int Waiting,
    IReadOnlyList<RunningRun> Running,
    TimeSpan Elapsed,
    TimeSpan? Remaining);
