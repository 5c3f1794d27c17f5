using FrozenLm.Comparison.Statistics;

namespace FrozenLm.Comparison;

/// <summary>
/// Variant minus baseline in the primary metric's display unit, paired by seed, how that difference reads given the
/// metric's direction, and the sentence the verdict uses for it.
/// </summary>
public sealed record PairwiseComparison(string Variant, string Baseline, PairedDifference Difference, DeltaReading Reading, string Sentence);
