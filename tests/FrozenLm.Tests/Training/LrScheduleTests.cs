using FrozenLm.Training;

namespace FrozenLm.Tests.Training;

public sealed class LrScheduleTests
{
    private static readonly LrSchedule Schedule = new(BaseLr: 1e-3, MinLr: 1e-5, WarmupLr: 1e-6, WarmupSteps: 10, TotalSteps: 110);

    [Theory]
    [InlineData(0, 1e-6)]
    [InlineData(5, 5.005e-4)]                  // 1e-6 + (1e-3 - 1e-6) * 5/10
    [InlineData(10, 1e-3)]                     // warm-up done: peak
    [InlineData(35, 8.550178566841e-4)]         // 1e-5 + 0.5 * 9.9e-4 * (1 + cos(pi/4))
    [InlineData(60, 5.05e-4)]                  // halfway: 1e-5 + 0.5 * 9.9e-4
    [InlineData(110, 1e-5)]                    // end of the cosine
    [InlineData(500, 1e-5)]                    // held afterwards
    public void Given_a_step_When_asked_Then_the_rate_matches_the_hand_computed_value(int step, double expected)
    {
        Assert.Equal(expected, Schedule.At(step), 12);
    }

    [Fact]
    public void Given_no_warmup_When_asked_at_step_zero_Then_the_rate_is_the_peak()
    {
        var s = new LrSchedule(2e-3, 0, 0, 0, 100);
        Assert.Equal(2e-3, s.At(0), 15);
        Assert.Equal(1e-3, s.At(50), 15);
    }

    [Fact]
    public void Given_a_negative_step_When_asked_Then_it_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.At(-1));
    }
}
