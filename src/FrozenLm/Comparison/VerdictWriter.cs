using FrozenLm.Comparison.Statistics;
using FrozenLm.FrozenStage.Variants;

namespace FrozenLm.Comparison;

/// <summary>
/// Turns paired differences into sentences. A difference is called only when its 95% interval excludes zero, and it
/// is called better or worse by the metric's direction (a lower minADE beats a higher one); otherwise the sentence
/// says that no difference is detectable at this budget. One seed never decides anything.
/// </summary>
public static class VerdictWriter
{
    /// <summary>
    /// A reader-facing name of a row from the variant table, e.g. "the frozen LM block", with a spec's options after
    /// it: "the frozen LM block (layers=3)"; text that is not a variant spec is returned as it is.
    /// </summary>
    public static string Label(string variant)
    {
        if (VariantSpec.TryParse(variant) is not { } spec)
            return variant;
        var name = StageVariants.Find(spec.Base)?.Label ?? spec.Base;
        return spec.IsPlain ? name : $"{name} ({spec.Name[(spec.Base.Length + 1)..].Replace(":", ", ")})";
    }

    /// <summary>One sentence about <paramref name="variant"/> minus <paramref name="baseline"/> in <paramref name="metric"/>.</summary>
    public static string Sentence(string variant, string baseline, PairedDifference d, ComparedMetric metric)
    {
        var a = Capitalise(Label(variant));
        var b = Label(baseline);
        var seeds = d.N == 1 ? "1 seed" : $"{d.N} seeds";
        if (d.Ci is null)
            return $"{a} vs {b}: {metric.Amount(d.Mean)} from {seeds}; one seed cannot show a difference (use --seeds 3 or more).";
        var ci = $"95% CI {metric.Interval(d.Ci)}";
        return metric.Read(d) switch
        {
            DeltaReading.Better => $"{a} beats {b}: {metric.Amount(d.Mean)}, {ci} ({seeds}).",
            DeltaReading.Worse => $"{a} is beaten by {b}: {metric.Amount(d.Mean)}, {ci} ({seeds}).",
            _ => $"{a} vs {b}: no difference detectable at this budget ({metric.Amount(d.Mean)}, {ci}, {seeds}).",
        };
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
    /// What the controls allow to conclude once the frozen block is better than the plain encoder; null when it is
    /// not (or when no control was run), since then there is no gain to attribute.
    /// </summary>
    public static string? Conclusion(IReadOnlyList<PairwiseComparison> comparisons)
    {
        var headline = Find(comparisons, CompareVariants.Frozen, CompareVariants.None);
        if (headline?.Reading is not DeltaReading.Better)
            return null;
        var controls = comparisons
            .Where(c => c.Variant == CompareVariants.Frozen && c.Baseline is CompareVariants.Mlp or CompareVariants.Random)
            .ToList();
        if (controls.Count == 2 && controls.All(c => c.Reading == DeltaReading.Better))
            return "Together this supports the paper's claim at this budget: the gain needs the pretrained weights, " +
                   "not just the extra layers or trainable parameters.";
        if (controls.Any(c => c.Reading != DeltaReading.Better))
            return "The gain over the plain encoder is not shown to need the pretrained weights: " +
                   "a control is not detectably worse than the frozen block.";
        return null;
    }

    private static PairwiseComparison? Find(IReadOnlyList<PairwiseComparison> all, string variant, string baseline) =>
        all.FirstOrDefault(c => c.Variant == variant && c.Baseline == baseline);

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
