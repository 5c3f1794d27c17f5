using FrozenLm.Comparison;
using FrozenLm.Comparison.Statistics;
using FrozenLm.Tasks;

namespace FrozenLm.Tests.Comparison;

public sealed class VerdictWriterTests
{
    private static readonly ComparedMetric Top1 = new(TaskRegistry.Get("image").PrimaryMetric);

    private static PairwiseComparison Pair(string variant, string baseline, double[] a, double[] b)
    {
        var d = PairedDifference.Compute(a, b);
        return new PairwiseComparison(variant, baseline, d, Top1.Read(d), VerdictWriter.Sentence(variant, baseline, d, Top1));
    }

    // Differences 0.6, 0.9, 0.7, 1.1, 0.7: mean 0.80, 95% CI [0.55, 1.05] (see PairedDifferenceTests).
    private static readonly double[] Gain = [75.6, 75.9, 75.7, 76.1, 75.7];
    private static readonly double[] Base = [75.0, 75.0, 75.0, 75.0, 75.0];
    private static readonly double[] Noisy = [76.0, 74.0, 75.5, 74.5, 75.0];

    [Fact]
    public void Given_a_ci_above_zero_When_written_Then_the_sentence_says_beats_with_the_interval()
    {
        var p = Pair("frozen", "none", Gain, Base);
        Assert.Equal("The frozen LM block beats the plain encoder: +0.80 points top-1, 95% CI [+0.55, +1.05] (5 seeds).", p.Sentence);
    }

    [Fact]
    public void Given_a_ci_below_zero_When_written_Then_the_sentence_says_beaten()
    {
        var p = Pair("random", "none", Base, Gain);
        Assert.Equal(DeltaReading.Worse, p.Reading);
        Assert.Equal("The random block is beaten by the plain encoder: -0.80 points top-1, 95% CI [-1.05, -0.55] (5 seeds).", p.Sentence);
    }

    [Fact]
    public void Given_a_ci_containing_zero_When_written_Then_no_difference_is_detectable()
    {
        var p = Pair("frozen", "none", Noisy, Base);
        Assert.StartsWith("The frozen LM block vs the plain encoder: no difference detectable at this budget (+0.00 points top-1, 95% CI [", p.Sentence);
    }

    [Fact]
    public void Given_frozen_beats_none_and_both_controls_When_verdict_Then_it_supports_the_claim()
    {
        var all = new[] { Pair("frozen", "none", Gain, Base), Pair("frozen", "mlp", Gain, Base), Pair("frozen", "random", Gain, Base) };
        Assert.EndsWith("the gain needs the pretrained weights, not just the extra layers or trainable parameters.",
            VerdictWriter.Verdict(all, ["none", "frozen", "mlp", "random"]));
    }

    [Fact]
    public void Given_frozen_beats_none_but_not_the_mlp_When_verdict_Then_it_does_not_credit_the_weights()
    {
        var all = new[] { Pair("frozen", "none", Gain, Base), Pair("frozen", "mlp", Noisy, Base) };
        var verdict = VerdictWriter.Verdict(all, ["none", "frozen", "mlp"]);
        Assert.Contains("not shown to need the pretrained weights", verdict);
        Assert.DoesNotContain("supports the paper's claim", verdict);
    }

    [Fact]
    public void Given_no_difference_When_verdict_Then_no_conclusion_is_added()
    {
        var all = new[] { Pair("frozen", "none", Noisy, Base), Pair("frozen", "mlp", Gain, Base) };
        var verdict = VerdictWriter.Verdict(all, ["none", "frozen", "mlp"]);
        Assert.DoesNotContain("pretrained weights", verdict);
        Assert.StartsWith("The frozen LM block vs the plain encoder: no difference detectable", verdict);
    }
}
