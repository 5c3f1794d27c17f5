namespace FrozenLm.Comparison.Slurm;

/// <summary>
/// One run of a Slurm comparison: its plan index, state, the queue state or the job that last ran it, and for a
/// failed run the tail of that task's log.
/// </summary>
public sealed record SlurmRunStatus(CompareRunRequest Run, int Index, SlurmRunState State, string? JobId, string? QueueState, IReadOnlyList<string> LogTail);
