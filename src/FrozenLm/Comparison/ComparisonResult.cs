namespace FrozenLm.Comparison;

/// <summary>Everything the reports show: the setup, one row per variant, the paired comparisons and the verdict.</summary>
public sealed record ComparisonResult(
    CompareSetup Setup,
    IReadOnlyList<VariantResult> Variants,
    IReadOnlyList<PairwiseComparison> Comparisons,
    string Verdict)
{
    /// <summary>What the accuracy numbers are: the last epoch's test accuracy, never the best epoch picked on test.</summary>
    public string MetricDescription => Setup.MetricDescription;
}
