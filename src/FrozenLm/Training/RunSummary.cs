namespace FrozenLm.Training;

/// <summary>
/// The outcome of a run (summary.json): best and final primary metric (fractions), all final metrics, parameter counts,
/// mean training throughput (samples/s), wall time (s), and what was trained.
/// </summary>
public sealed record RunSummary
{
    public required string Task { get; init; }
    public required string LmMode { get; init; }
    public required int Seed { get; init; }
    public required int Epochs { get; init; }
    public required string PrimaryMetric { get; init; }
    public required double BestTop1 { get; init; }
    public required int BestEpoch { get; init; }
    public required double FinalTop1 { get; init; }
    public required IReadOnlyDictionary<string, double> FinalMetrics { get; init; }
    public required long ParamsTotal { get; init; }
    public required long ParamsTrainable { get; init; }
    public required long ParamsFrozen { get; init; }
    public required double ImagesPerS { get; init; }
    public required double Seconds { get; init; }
    public required string OutDir { get; init; }
}
