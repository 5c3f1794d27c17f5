namespace FrozenLm.Comparison;

/// <summary>
/// Trains one run of a comparison into a run directory (config.json, metrics.jsonl, checkpoints, then
/// summary.json last). The real one wraps the trainer; tests use a fake.
/// </summary>
public interface ICompareTrainer
{
    /// <summary>True when <paramref name="runDir"/> holds a checkpoint an interrupted run can continue from.</summary>
    bool CanResume(string runDir);

    /// <summary>
    /// Trains <paramref name="request"/>; with <paramref name="resume"/> it continues from the last checkpoint in
    /// <paramref name="runDir"/>. The data order must depend only on the seed, never on the variant.
    /// </summary>
    void Train(CompareRunRequest request, string runDir, bool resume, ICompareObserver observer, CancellationToken cancellationToken);
}
