using FrozenLm.Reports.Statistics;

namespace FrozenLm.Comparison;

/// <summary>
/// Variant minus baseline in top-1 points, paired by seed, with the sentence the verdict uses for it.
/// </summary>
public sealed record PairwiseComparison(string Variant, string Baseline, PairedDifference Difference, string Sentence);
