using System.Text.Json.Serialization;
using FrozenLm.Tasks;

namespace FrozenLm.Training;

/// <summary>
/// The outcome of a run (summary.json): the task and its primary metric (key and direction), the final and best
/// metrics (stored values, as in metrics.jsonl), parameter counts, mean training throughput (samples/s), wall time (s),
/// and what was trained. Image runs also carry <c>final_top1</c>, <c>best_top1</c> and <c>images_per_s</c>.
/// </summary>
public sealed record RunSummary
{
    public required string Task { get; init; }
    public required string LmMode { get; init; }
    public required int Seed { get; init; }
    public required int Epochs { get; init; }

    /// <summary>Key of the task's primary metric (<see cref="MetricInfo.Key"/>).</summary>
    public required string PrimaryMetric { get; init; }
    public required bool PrimaryHigherIsBetter { get; init; }
    public required IReadOnlyDictionary<string, double> FinalMetrics { get; init; }

    /// <summary>The metrics of the best epoch by the primary metric.</summary>
    public required IReadOnlyDictionary<string, double> BestMetrics { get; init; }
    public required int BestEpoch { get; init; }
    public required long ParamsTotal { get; init; }
    public required long ParamsTrainable { get; init; }
    public required long ParamsFrozen { get; init; }
    public required double SamplesPerS { get; init; }
    public required double Seconds { get; init; }
    public required string OutDir { get; init; }

    /// <summary>Forward GFLOPs per sample, counted analytically (null when the model does not count them).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? GflopsPerSample { get; init; }

    /// <summary>Forward + backward GFLOPs per training sample (frozen weights: input gradients only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? TrainGflopsPerSample { get; init; }

    /// <summary>Where the run's wall and CPU time went (absent in runs made before it was recorded).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RunTiming? Timing { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? FinalTop1 { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? BestTop1 { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ImagesPerS { get; init; }

    /// <summary>The primary metric after the last epoch.</summary>
    [JsonIgnore]
    public double FinalPrimary => FinalMetrics[PrimaryMetric];

    /// <summary>The primary metric of the best epoch.</summary>
    [JsonIgnore]
    public double BestPrimary => BestMetrics[PrimaryMetric];
}
