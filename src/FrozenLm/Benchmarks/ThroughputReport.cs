using System.Text.Json.Serialization;

namespace FrozenLm.Benchmarks;

/// <summary>
/// What <c>frozenlm bench</c> measured for one task and model: training, evaluation and loader throughput (medians of
/// timed windows), the model's FLOPs, the achieved rate against this machine's matmul rate, and the peak RSS.
/// </summary>
public sealed record ThroughputReport
{
    public required string Task { get; init; }
    public required string Preset { get; init; }
    public required string LmMode { get; init; }
    public required int BatchSize { get; init; }
    public required int Threads { get; init; }
    public required string SampleUnit { get; init; }

    /// <summary>Training samples per second (forward, backward, clipping, AdamW), median over the windows.</summary>
    public required double SamplesPerS { get; init; }
    public required double EvalSamplesPerS { get; init; }

    /// <summary>
    /// Training samples per CPU second of the process (user + system, all threads), median over the windows: on a
    /// loaded machine this moves far less than <see cref="SamplesPerS"/>.
    /// </summary>
    public required double SamplesPerCpuS { get; init; }

    /// <summary>The task's data loader alone, samples per second.</summary>
    public required double LoaderSamplesPerS { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? GflopsPerSample { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? TrainGflopsPerSample { get; init; }

    /// <summary>Training GFLOP/s reached: samples/s x training GFLOPs per sample.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? AchievedGflops { get; init; }
    public required double MatmulGflops { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? RatioToMatmul { get; init; }
    public required double PeakRssMib { get; init; }
    public required int Windows { get; init; }
    public required int StepsPerWindow { get; init; }
}
