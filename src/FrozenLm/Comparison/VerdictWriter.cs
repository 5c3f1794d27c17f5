using System.Globalization;
using FrozenLm.Reports.Statistics;

namespace FrozenLm.Comparison;

/// <summary>
/// Turns paired differences into sentences. A difference is called only when its 95% interval excludes zero;
/// otherwise the sentence says that no difference is detectable at this budget. One seed never decides anything.
/// </summary>
public static class VerdictWriter
{
    /// <summary>A reader-facing name of a variant, e.g. "the frozen LM block".</summary>
    public static string Label(string variant) => FrozenStage.Variants.StageVariants.Find(variant)?.Label ?? variant;

    /// <summary>One sentence about <paramref name="variant"/> minus <paramref name="baseline"/>.</summary>
    public static string Sentence(string variant, string baseline, PairedDifference d, string accuracy = "top-1")
    {
        var a = Capitalise(Label(variant));
        var b = Label(baseline);
        var seeds = d.N == 1 ? "1 seed" : $"{d.N} seeds";
        if (d.Ci is null)
            return $"{a} vs {b}: {Signed(d.Mean)} points from {seeds}; one seed cannot show a difference (use --seeds 3 or more).";
        var ci = $"95% CI [{Signed(d.Ci.Low)}, {Signed(d.Ci.High)}]";
        if (d.Ci.AboveZero)
            return $"{a} beats {b}: {Signed(d.Mean)} points {accuracy}, {ci} ({seeds}).";
        if (d.Ci.BelowZero)
            return $"{a} is worse than {b}: {Signed(d.Mean)} points {accuracy}, {ci} ({seeds}).";
        return $"{a} vs {b}: no difference detectable at this budget ({Signed(d.Mean)} points, {ci}, {seeds}).";
    }

    /// <summary>The verdict paragraph: the headline comparison, the controls, and what they allow to conclude.</summary>
    public static string Verdict(IReadOnlyList<PairwiseComparison> comparisons, IReadOnlyList<string> variants)
    {
        if (comparisons.Count == 0)
        {
            return variants.Contains(CompareVariants.None)
                ? "Only one variant was run, so there is nothing to compare."
                : "No reference variant 'none' was run and no frozen block either, so no difference is computed.";
        }
        var parts = comparisons.Select(c => c.Sentence).ToList();
        if (Conclusion(comparisons) is { } conclusion)
            parts.Add(conclusion);
        return string.Join(" ", parts);
    }

    /// <summary>
    /// What the controls allow to conclude once the frozen block beats the plain encoder; null when it does not
    /// (or when no control was run), since then there is no gain to attribute.
    /// </summary>
    public static string? Conclusion(IReadOnlyList<PairwiseComparison> comparisons)
    {
        var headline = Find(comparisons, CompareVariants.Frozen, CompareVariants.None);
        if (headline?.Difference.Ci is not { AboveZero: true })
            return null;
        var controls = comparisons
            .Where(c => c.Variant == CompareVariants.Frozen && c.Baseline is CompareVariants.Mlp or CompareVariants.Random)
            .ToList();
        if (controls.Count == 2 && controls.All(c => c.Difference.Ci is { AboveZero: true }))
            return "Together this supports the paper's claim at this budget: the gain needs the pretrained weights, " +
                   "not just the extra layers or trainable parameters.";
        if (controls.Any(c => c.Difference.Ci is not { AboveZero: true }))
            return "The gain over the plain encoder is not shown to need the pretrained weights: " +
                   "a control is not detectably worse than the frozen block.";
        return null;
    }

    /// <summary>A number of points with an explicit sign and two decimals, e.g. "+1.20" or "-0.35".</summary>
    public static string Signed(double points) =>
        (points >= 0 ? "+" : "") + points.ToString("F2", CultureInfo.InvariantCulture);

    private static PairwiseComparison? Find(IReadOnlyList<PairwiseComparison> all, string variant, string baseline) =>
        all.FirstOrDefault(c => c.Variant == variant && c.Baseline == baseline);

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
