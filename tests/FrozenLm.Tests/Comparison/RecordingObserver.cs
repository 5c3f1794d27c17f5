using FrozenLm.Comparison;

namespace FrozenLm.Tests.Comparison;

/// <summary>Remembers which runs were skipped, started (and whether resumed) and finished.</summary>
internal sealed class RecordingObserver : ICompareObserver
{
    public List<string> Events { get; } = [];

    public void RunSkipped(CompareRunRequest run, string runDir) => Events.Add($"skip {run.Variant}/{run.Seed}");

    public void RunStarting(CompareRunRequest run, string runDir, int index, int total, bool resuming) =>
        Events.Add($"{(resuming ? "resume" : "start")} {run.Variant}/{run.Seed} {index + 1}/{total}");

    public void ResumeFailed(CompareRunRequest run, string reason) => Events.Add($"unresumable {run.Variant}/{run.Seed}");

    public void EpochFinished(CompareRunRequest run, CompareEpoch epoch)
    {
    }

    public void RunFinished(CompareRunRequest run, TimeSpan elapsed) => Events.Add($"done {run.Variant}/{run.Seed}");
}
