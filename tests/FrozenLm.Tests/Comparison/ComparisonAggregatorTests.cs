using FrozenLm.Comparison;
using FrozenLm.Tasks;

namespace FrozenLm.Tests.Comparison;

public sealed class ComparisonAggregatorTests
{
    internal static RunRecord Run(string variant, int seed, double value, params (double Loss, double Value)[] curve) =>
        new(variant, seed, value, value, variant == "none" ? 5000 : 7000, variant == "frozen" ? 1000 : 0, 100 + seed, curve.Length,
            curve.Select((c, i) => new RunEpoch(i + 1, c.Loss, c.Value, 2.0)).ToList());

    internal static CompareSetup Setup(params string[] variants) => SetupFor("image", variants);

    /// <summary>A setup of <paramref name="task"/> (its primary metric and sample unit from the registry).</summary>
    internal static CompareSetup SetupFor(string task, params string[] variants) => new(
        new CompareSettings { Task = task, Variants = variants, Seeds = 3 }, 2, "bundled", "vit dim 8", "minilm (bert, onnx), layer 5",
        "AdamW, batch 64", 2, 2, "test", "0.1.0", new DateTimeOffset(2026, 11, 27, 15, 0, 0, TimeSpan.Zero), 100, 90,
        TaskRegistry.Get(task).PrimaryMetric, TaskRegistry.Get(task).SampleUnit);

    [Fact]
    public void Given_three_seeds_When_aggregated_Then_means_stds_and_paired_deltas_match_hand_computation()
    {
        // none 79.0, 80.5, 80.5; frozen 80.0, 82.0, 81.0; mlp 79.5, 80.0, 81.5.
        // frozen: mean 81.0, s = sqrt((1 + 1 + 0) / 2) = 1.0. none: mean 80.0, s = sqrt((1 + .25 + .25) / 2) = 0.8660254.
        // frozen - none: d = 1.0, 1.5, 0.5 -> mean 1.0, s 0.5, CI 1.0 ± 4.3026527 * 0.5 / √3 = [-0.2420689, 2.2420689].
        // mlp - none: d = 0.5, -0.5, 1.0 -> mean 0.3333333; frozen - mlp: d = 0.5, 2.0, -0.5 -> mean 0.6666667.
        var runs = new List<RunRecord>
        {
            Run("none", 0, 79.0), Run("frozen", 0, 80.0), Run("mlp", 0, 79.5),
            Run("none", 1, 80.5), Run("frozen", 1, 82.0), Run("mlp", 1, 80.0),
            Run("none", 2, 80.5), Run("frozen", 2, 81.0), Run("mlp", 2, 81.5),
        };

        var result = ComparisonAggregator.Aggregate(Setup("none", "frozen", "mlp"), runs);

        Assert.Equal(["none", "frozen", "mlp"], result.Variants.Select(v => v.Name));
        var none = result.Variants[0];
        var frozen = result.Variants[1];
        Assert.Equal([79.0, 80.5, 80.5], none.Values);
        Assert.Equal(80.0, none.Mean, 10);
        Assert.Equal(0.8660254, none.Std!.Value, 6);
        Assert.Null(none.DeltaVsNone);
        Assert.Equal(81.0, frozen.Mean, 10);
        Assert.Equal(1.0, frozen.Std!.Value, 10);
        Assert.Equal(1.0, frozen.DeltaVsNone!.Mean, 10);
        Assert.Equal(-0.2420689, frozen.DeltaVsNone.Ci!.Low, 6);
        Assert.Equal(2.2420689, frozen.DeltaVsNone.Ci.High, 6);
        Assert.Equal(0.3333333, result.Variants[2].DeltaVsNone!.Mean, 6);
        Assert.Equal(7000, frozen.ParamsTrainable);
        Assert.Equal(1000, frozen.ParamsFrozen);
        Assert.Equal(101.0, frozen.SamplesPerSecond, 10);

        Assert.Equal([("frozen", "none"), ("mlp", "none"), ("frozen", "mlp")],
            result.Comparisons.Select(c => (c.Variant, c.Baseline)));
        Assert.Equal(0.6666667, result.Comparisons[2].Difference.Mean, 6);
        Assert.Contains("no difference detectable at this budget (+1.00 points top-1, 95% CI [-0.24, +2.24], 3 seeds)", result.Verdict);
    }

    [Fact]
    public void Given_missing_seeds_When_aggregated_Then_deltas_pair_only_shared_seeds()
    {
        // none has seeds 0, 1, 2; frozen only 0 and 2: d = 81 - 80, 84 - 81 = 1, 3; mean 2.
        var runs = new List<RunRecord>
        {
            Run("none", 0, 80), Run("none", 1, 90), Run("none", 2, 81), Run("frozen", 0, 81), Run("frozen", 2, 84),
        };
        var result = ComparisonAggregator.Aggregate(Setup("none", "frozen"), runs);
        Assert.Equal(2, result.Variants[1].DeltaVsNone!.N);
        Assert.Equal(2.0, result.Variants[1].DeltaVsNone!.Mean, 10);
    }

    [Fact]
    public void Given_curves_When_aggregated_Then_each_epoch_is_averaged_over_seeds()
    {
        // Epoch 1 top-1 over seeds: 50, 60 -> mean 55, s = sqrt(50) = 7.0710678; loss 2.0, 1.0 -> mean 1.5.
        var runs = new List<RunRecord>
        {
            Run("none", 0, 70, (2.0, 50), (1.0, 70)),
            Run("none", 1, 72, (1.0, 60), (0.5, 72)),
        };
        var curve = ComparisonAggregator.Aggregate(Setup("none"), runs).Variants[0].Curve;
        Assert.Equal(2, curve.Count);
        Assert.Equal(55.0, curve[0].TestMetricMean, 10);
        Assert.Equal(7.0710678, curve[0].TestMetricStd!.Value, 6);
        Assert.Equal(1.5, curve[0].TrainLossMean, 10);
        Assert.Equal(2, curve[1].Runs);
    }

    [Fact]
    public void Given_no_none_variant_When_aggregated_Then_deltas_are_null_and_frozen_is_compared_to_controls()
    {
        var runs = new List<RunRecord> { Run("frozen", 0, 81), Run("mlp", 0, 80) };
        var result = ComparisonAggregator.Aggregate(Setup("frozen", "mlp"), runs);
        Assert.All(result.Variants, v => Assert.Null(v.DeltaVsNone));
        var single = Assert.Single(result.Comparisons);
        Assert.Equal(("frozen", "mlp", 1), (single.Variant, single.Baseline, single.Difference.N));
        Assert.Contains("one seed cannot show a difference", result.Verdict);
    }
}
