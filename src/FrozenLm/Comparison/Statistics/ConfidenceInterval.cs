namespace FrozenLm.Comparison.Statistics;

/// <summary>A two-sided confidence interval [Low, High] at a confidence level (0.95 for a 95% interval).</summary>
public sealed record ConfidenceInterval(double Low, double High, double Level)
{
    /// <summary>True when the whole interval lies above zero.</summary>
    public bool AboveZero => Low > 0;

    /// <summary>True when the whole interval lies below zero.</summary>
    public bool BelowZero => High < 0;
}
