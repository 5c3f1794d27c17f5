using FrozenLm.Comparison.Statistics;

namespace FrozenLm.Tests.Comparison.Statistics;

public sealed class StudentTTests
{
    [Fact]
    public void Given_one_degree_of_freedom_When_quantile_Then_it_equals_the_cauchy_closed_form()
    {
        // t(1) is the Cauchy distribution: Q(p) = tan(π (p - 1/2)); Q(0.975) = tan(0.475 π) = 12.7062047.
        Assert.Equal(Math.Tan(Math.PI * 0.475), StudentT.Quantile(0.975, 1), 8);
        Assert.Equal(12.7062047, StudentT.Quantile(0.975, 1), 6);
    }

    [Fact]
    public void Given_two_degrees_of_freedom_When_quantile_Then_it_equals_the_closed_form()
    {
        // t(2): Q(p) = (2p - 1) / sqrt(2 p (1 - p)); Q(0.975) = 0.95 / sqrt(0.04875) = 4.3026527.
        Assert.Equal(0.95 / Math.Sqrt(2 * 0.975 * 0.025), StudentT.Quantile(0.975, 2), 9);
    }

    [Theory]
    // Two-sided 95% critical values from the printed t table (cross-checked by Simpson integration of the
    // t density in numpy, 200k intervals): max abs error allowed 1e-6.
    [InlineData(3, 3.1824463)]
    [InlineData(4, 2.7764451)]
    [InlineData(5, 2.5705818)]
    [InlineData(9, 2.2621572)]
    [InlineData(10, 2.2281389)]
    [InlineData(29, 2.0452296)]
    [InlineData(30, 2.0422725)]
    public void Given_the_t_table_When_quantile_975_Then_values_match(int df, double expected)
    {
        Assert.InRange(StudentT.Quantile(0.975, df) - expected, -1e-6, 1e-6);
    }

    [Fact]
    public void Given_three_degrees_of_freedom_When_cdf_Then_it_equals_the_closed_form()
    {
        // t(3): F(t) = 1/2 + (1/π) [ (t/√3) / (1 + t²/3) + atan(t/√3) ]; F(1.5) = 0.88470807.
        var u = 1.5 / Math.Sqrt(3);
        var expected = 0.5 + (u / (1 + 1.5 * 1.5 / 3) + Math.Atan(u)) / Math.PI;
        Assert.Equal(expected, StudentT.Cdf(1.5, 3), 12);
        Assert.Equal(1 - expected, StudentT.Cdf(-1.5, 3), 12);
    }

    [Fact]
    public void Given_lower_tail_probabilities_When_quantile_Then_it_is_antisymmetric_and_inverts_the_cdf()
    {
        Assert.Equal(-StudentT.Quantile(0.9, 7), StudentT.Quantile(0.1, 7), 10);
        Assert.Equal(1.4149239, StudentT.Quantile(0.9, 7), 6);
        Assert.Equal(0.9, StudentT.Cdf(StudentT.Quantile(0.9, 7), 7), 10);
        Assert.Equal(0.0, StudentT.Quantile(0.5, 4));
    }

    [Fact]
    public void Given_bad_arguments_When_quantile_Then_it_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Quantile(1.0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Quantile(0.975, 0));
    }
}
