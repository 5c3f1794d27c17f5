namespace FrozenLm.Comparison;

/// <summary>Receives the progress of a comparison (for the console); every method may be a no-op.</summary>
public interface ICompareObserver
{
    void RunSkipped(CompareRunRequest run, string runDir);
    void RunStarting(CompareRunRequest run, string runDir, int index, int total, bool resuming);
    /// <summary>An interrupted run could not continue from its checkpoint and is trained again from the start.</summary>
    void ResumeFailed(CompareRunRequest run, string reason);

    void EpochFinished(CompareRunRequest run, CompareEpoch epoch);
    void RunFinished(CompareRunRequest run, TimeSpan elapsed);
}
