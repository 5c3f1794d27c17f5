namespace FrozenLm.Tasks.Image;

/// <summary>
/// robustness.json: top-1 (fractions) on the clean evaluation set and under each corruption per severity, the mean
/// corruption accuracy over all of them, and, against a baseline run's report, each corruption's error summed over
/// severities relative to the baseline's (CE) and their mean (mCE, Hendrycks &amp; Dietterich).
/// </summary>
public sealed record RobustnessReport
{
    public required string Data { get; init; }
    public required int Samples { get; init; }
    public required int WeightsEpoch { get; init; }
    public required int Seed { get; init; }

    /// <summary>The corruption constants used: <c>cifar-10-c</c> (images below 128 px) or <c>imagenet-c</c>.</summary>
    public required string ParameterSet { get; init; }
    public required double CleanTop1 { get; init; }
    public required IReadOnlyList<int> Severities { get; init; }
    public required IReadOnlyList<CorruptionResult> Corruptions { get; init; }
    public required double MeanCorruptionTop1 { get; init; }
    public string? BaselineRun { get; init; }
    public double? Mce { get; init; }
}
