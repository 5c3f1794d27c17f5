using FrozenLm.Comparison.Statistics;

namespace FrozenLm.Tests.Comparison.Statistics;

public sealed class DescriptiveTests
{
    [Fact]
    public void Given_four_values_When_summarised_Then_mean_and_sample_std_match_hand_computation()
    {
        // x = 1, 2, 3, 4: mean = 10 / 4 = 2.5;
        // squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5; s² = 5 / (4 - 1) = 1.6667; s = 1.2909944.
        double[] x = [1, 2, 3, 4];
        Assert.Equal(2.5, Descriptive.Mean(x), 12);
        Assert.Equal(Math.Sqrt(5.0 / 3.0), Descriptive.SampleStd(x)!.Value, 12);
        Assert.Equal(1.2909944, Descriptive.SampleStd(x)!.Value, 6);
    }

    [Fact]
    public void Given_accuracies_over_three_seeds_When_summarised_Then_std_uses_n_minus_1()
    {
        // 71.2, 72.0, 70.4: mean 71.2; deviations 0, 0.8, -0.8; s² = 1.28 / 2 = 0.64; s = 0.8
        // (the population formula would give sqrt(1.28 / 3) = 0.653).
        double[] x = [71.2, 72.0, 70.4];
        Assert.Equal(71.2, Descriptive.Mean(x), 10);
        Assert.Equal(0.8, Descriptive.SampleStd(x)!.Value, 10);
    }

    [Fact]
    public void Given_one_value_When_summarised_Then_std_is_undefined()
    {
        Assert.Equal(80.5, Descriptive.Mean([80.5]));
        Assert.Null(Descriptive.SampleStd([80.5]));
    }

    [Fact]
    public void Given_no_values_When_mean_Then_it_throws()
    {
        Assert.Throws<ArgumentException>(() => Descriptive.Mean([]));
    }
}
