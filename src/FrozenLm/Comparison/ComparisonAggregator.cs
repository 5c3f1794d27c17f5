using FrozenLm.Comparison.Statistics;

namespace FrozenLm.Comparison;

/// <summary>
/// Aggregates finished runs into per-row statistics and paired comparisons, in the task's primary metric: every row
/// against <c>none</c>, and each frozen row against the controls (mlp, random, finetune) with the same options, always
/// on shared seeds only. Better and worse follow the metric's direction.
/// </summary>
public static class ComparisonAggregator
{
    private static readonly string[] Controls = [CompareVariants.Mlp, CompareVariants.Random, CompareVariants.Finetune];

    public static ComparisonResult Aggregate(CompareSetup setup, IReadOnlyList<RunRecord> runs)
    {
        var order = setup.Settings.Variants;
        var byVariant = order
            .Select(v => (Name: v, Runs: runs.Where(r => r.Variant == v).OrderBy(r => r.Seed).ToList()))
            .Where(g => g.Runs.Count > 0)
            .ToList();
        var metric = ComparedMetric.For(setup.Metric, byVariant.SelectMany(g => g.Runs).Select(r => r.FinalMetric));
        var groups = byVariant.ToDictionary(g => g.Name, g => g.Runs);
        var reference = groups.GetValueOrDefault(CompareVariants.None);
        var variants = byVariant
            .Select(g => Summarise(g.Name, g.Runs, g.Name == CompareVariants.None ? null : reference))
            .ToList();

        var comparisons = new List<PairwiseComparison>();
        foreach (var g in byVariant.Where(g => g.Name != CompareVariants.None))
            AddPair(comparisons, g.Runs, reference, g.Name, CompareVariants.None, metric);
        foreach (var g in byVariant)
        {
            if (VariantSpec.TryParse(g.Name) is not { Base: CompareVariants.Frozen } frozen)
                continue;
            foreach (var control in Controls)
            {
                var name = frozen.WithBase(control).Name;
                AddPair(comparisons, g.Runs, groups.GetValueOrDefault(name), g.Name, name, metric);
            }
        }

        var verdict = VerdictWriter.Verdict(comparisons, byVariant.Select(g => g.Name).ToList());
        return new ComparisonResult(setup, metric, variants, comparisons, verdict);
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
            shared.Select(r => r.FinalMetric).ToList(),
            shared.Select(r => bySeed[r.Seed].FinalMetric).ToList());
    }

    private static void AddPair(List<PairwiseComparison> into, List<RunRecord>? a, List<RunRecord>? b, string variant, string baseline,
        ComparedMetric metric)
    {
        var d = Paired(a, b);
        if (d is not null)
            into.Add(new PairwiseComparison(variant, baseline, d, metric.Read(d), VerdictWriter.Sentence(variant, baseline, d, metric)));
    }

    private static VariantResult Summarise(string name, List<RunRecord> runs, List<RunRecord>? reference)
    {
        var values = runs.Select(r => r.FinalMetric).ToList();
        return new VariantResult(
            name,
            runs.Select(r => r.Seed).ToList(),
            values,
            Descriptive.Mean(values),
            Descriptive.SampleStd(values),
            Paired(runs, reference),
            runs[0].ParamsTrainable,
            runs[0].ParamsFrozen,
            Descriptive.Mean(runs.Select(r => r.SamplesPerSecond).ToList()),
            Curve(runs));
    }

    private static List<CurvePoint> Curve(List<RunRecord> runs)
    {
        var epochs = runs.SelectMany(r => r.Curve.Select(c => c.Epoch)).Distinct().Order().ToList();
        var curve = new List<CurvePoint>();
        foreach (var epoch in epochs)
        {
            var points = runs.SelectMany(r => r.Curve.Where(c => c.Epoch == epoch)).ToList();
            var metric = points.Select(p => p.TestMetric).ToList();
            var loss = points.Select(p => p.TrainLoss).ToList();
            curve.Add(new CurvePoint(epoch, points.Count, Descriptive.Mean(metric), Descriptive.SampleStd(metric),
                Descriptive.Mean(loss), Descriptive.SampleStd(loss)));
        }
        return curve;
    }
}
