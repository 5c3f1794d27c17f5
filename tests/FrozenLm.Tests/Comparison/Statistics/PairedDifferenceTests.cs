using FrozenLm.Comparison.Statistics;

namespace FrozenLm.Tests.Comparison.Statistics;

public sealed class PairedDifferenceTests
{
    [Fact]
    public void Given_three_seeds_all_positive_When_paired_Then_ci_is_wide_and_contains_zero()
    {
        // frozen 80.0, 82.0, 81.0 vs none 79.0, 80.5, 80.5 (same seeds): d = 1.0, 1.5, 0.5;
        // mean 1.0; s = sqrt((0 + 0.25 + 0.25) / 2) = 0.5; SE = 0.5 / √3 = 0.2886751;
        // t(0.975, 2) = 4.3026527; half-width 1.2420689; CI [-0.2420689, 2.2420689].
        var p = PairedDifference.Compute([80.0, 82.0, 81.0], [79.0, 80.5, 80.5]);
        Assert.Equal(3, p.N);
        Assert.Equal(1.0, p.Mean, 10);
        Assert.Equal(0.5, p.Std!.Value, 10);
        Assert.Equal(-0.2420689, p.Ci!.Low, 6);
        Assert.Equal(2.2420689, p.Ci.High, 6);
        Assert.False(p.Ci.AboveZero);
        Assert.False(p.Ci.BelowZero);
        Assert.Equal(0.95, p.Ci.Level);
    }

    [Fact]
    public void Given_five_seeds_with_a_consistent_gain_When_paired_Then_ci_excludes_zero()
    {
        // d = 0.6, 0.9, 0.7, 1.1, 0.7: mean 0.8; deviations -0.2, 0.1, -0.1, 0.3, -0.1;
        // s² = (0.04 + 0.01 + 0.01 + 0.09 + 0.01) / 4 = 0.04; s = 0.2; SE = 0.2 / √5 = 0.0894427;
        // t(0.975, 4) = 2.7764451; half-width 0.2483329; CI [0.5516671, 1.0483329].
        var p = PairedDifference.Compute([75.6, 75.9, 75.7, 76.1, 75.7], [75.0, 75.0, 75.0, 75.0, 75.0]);
        Assert.Equal(0.8, p.Mean, 10);
        Assert.Equal(0.2, p.Std!.Value, 10);
        Assert.Equal(0.5516671, p.Ci!.Low, 6);
        Assert.Equal(1.0483329, p.Ci.High, 6);
        Assert.True(p.Ci.AboveZero);
    }

    [Fact]
    public void Given_a_consistent_loss_When_paired_Then_ci_lies_below_zero()
    {
        // d = -2, -3: mean -2.5; s = sqrt(0.5) = 0.7071068; SE = 0.5; t(0.975, 1) = 12.7062047;
        // CI [-8.8531024, 3.8531024]: two seeds cannot tell, however large the mean difference.
        var p = PairedDifference.Compute([70.0, 70.0], [72.0, 73.0]);
        Assert.Equal(-2.5, p.Mean, 10);
        Assert.Equal(-8.8531024, p.Ci!.Low, 6);
        Assert.Equal(3.8531024, p.Ci.High, 6);
        Assert.False(p.Ci.BelowZero);
        var q = PairedDifference.Compute([70.0, 70.1, 69.9, 70.0], [72.0, 72.0, 72.0, 72.1]);
        Assert.True(q.Ci!.BelowZero);
    }

    [Fact]
    public void Given_one_seed_When_paired_Then_the_interval_is_undefined()
    {
        var p = PairedDifference.Compute([81.0], [80.0]);
        Assert.Equal(1, p.N);
        Assert.Equal(1.0, p.Mean, 12);
        Assert.Null(p.Std);
        Assert.Null(p.Ci);
    }

    [Fact]
    public void Given_unequal_lengths_When_paired_Then_it_throws()
    {
        Assert.Throws<ArgumentException>(() => PairedDifference.Compute([1.0, 2.0], [1.0]));
    }
}
