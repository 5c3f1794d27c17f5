namespace FrozenLm.Comparison;

/// <summary>
/// Everything the reports show: the setup, the compared metric, one row per variant spec, the paired comparisons and
/// the verdict.
/// </summary>
public sealed record ComparisonResult(
    CompareSetup Setup,
    ComparedMetric Metric,
    IReadOnlyList<VariantResult> Variants,
    IReadOnlyList<PairwiseComparison> Comparisons,
    string Verdict)
{
    /// <summary>What the numbers are: the last epoch's test metric, never the best epoch picked on test.</summary>
    public string MetricDescription => Setup.MetricDescription;
}
