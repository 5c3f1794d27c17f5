using FrozenLm.Reports.Statistics;

namespace FrozenLm.Comparison;

/// <summary>
/// Aggregates finished runs into per-variant statistics and paired comparisons: every variant against
/// <c>none</c>, and the frozen block against each control (mlp, random, finetune), always on shared seeds only.
/// </summary>
public static class ComparisonAggregator
{
    public static ComparisonResult Aggregate(CompareSetup setup, IReadOnlyList<RunRecord> runs)
    {
        var order = setup.Settings.Variants;
        var byVariant = order
            .Select(v => (Name: v, Runs: runs.Where(r => r.Variant == v).OrderBy(r => r.Seed).ToList()))
            .Where(g => g.Runs.Count > 0)
            .ToList();
        var groups = byVariant.ToDictionary(g => g.Name, g => g.Runs);
        var reference = groups.GetValueOrDefault(CompareVariants.None);
        var variants = byVariant
            .Select(g => Summarise(g.Name, g.Runs, g.Name == CompareVariants.None ? null : reference))
            .ToList();

        var comparisons = new List<PairwiseComparison>();
        foreach (var g in byVariant.Where(g => g.Name != CompareVariants.None))
            AddPair(comparisons, g.Runs, reference, g.Name, CompareVariants.None, setup.AccuracyName);
        var frozen = groups.GetValueOrDefault(CompareVariants.Frozen);
        foreach (var control in new[] { CompareVariants.Mlp, CompareVariants.Random, CompareVariants.Finetune })
            AddPair(comparisons, frozen, groups.GetValueOrDefault(control), CompareVariants.Frozen, control, setup.AccuracyName);

        var verdict = VerdictWriter.Verdict(comparisons, byVariant.Select(g => g.Name).ToList());
        return new ComparisonResult(setup, variants, comparisons, verdict);
    }

    /// <summary>The paired difference of <paramref name="a"/> minus <paramref name="b"/> over their shared seeds.</summary>
    public static PairedDifference? Paired(IReadOnlyList<RunRecord>? a, IReadOnlyList<RunRecord>? b)
    {
        if (a is null || b is null)
            return null;
        var bySeed = b.ToDictionary(r => r.Seed);
        var shared = a.Where(r => bySeed.ContainsKey(r.Seed)).OrderBy(r => r.Seed).ToList();
        if (shared.Count == 0)
            return null;
        return PairedDifference.Compute(
            shared.Select(r => r.FinalTop1).ToList(),
            shared.Select(r => bySeed[r.Seed].FinalTop1).ToList());
    }

    private static void AddPair(List<PairwiseComparison> into, List<RunRecord>? a, List<RunRecord>? b, string variant, string baseline,
        string accuracy)
    {
        var d = Paired(a, b);
        if (d is not null)
            into.Add(new PairwiseComparison(variant, baseline, d, VerdictWriter.Sentence(variant, baseline, d, accuracy)));
    }

    private static VariantResult Summarise(string name, List<RunRecord> runs, List<RunRecord>? reference)
    {
        var top1 = runs.Select(r => r.FinalTop1).ToList();
        return new VariantResult(
            name,
            runs.Select(r => r.Seed).ToList(),
            top1,
            Descriptive.Mean(top1),
            Descriptive.SampleStd(top1),
            Paired(runs, reference),
            runs[0].ParamsTrainable,
            runs[0].ParamsFrozen,
            Descriptive.Mean(runs.Select(r => r.ImagesPerSecond).ToList()),
            Curve(runs));
    }

    private static List<CurvePoint> Curve(List<RunRecord> runs)
    {
        var epochs = runs.SelectMany(r => r.Curve.Select(c => c.Epoch)).Distinct().Order().ToList();
        var curve = new List<CurvePoint>();
        foreach (var epoch in epochs)
        {
            var points = runs.SelectMany(r => r.Curve.Where(c => c.Epoch == epoch)).ToList();
            var top1 = points.Select(p => p.TestTop1).ToList();
            var loss = points.Select(p => p.TrainLoss).ToList();
            curve.Add(new CurvePoint(epoch, points.Count, Descriptive.Mean(top1), Descriptive.SampleStd(top1),
                Descriptive.Mean(loss), Descriptive.SampleStd(loss)));
        }
        return curve;
    }
}
