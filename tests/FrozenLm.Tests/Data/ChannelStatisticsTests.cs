using FrozenLm.Data;

namespace FrozenLm.Tests.Data;

public sealed class ChannelStatisticsTests
{
    [Fact]
    public void Mean_and_std_per_channel_match_a_hand_computed_case_and_a_constant_channel_gets_std_one()
    {
        var stats = new ChannelStatistics(3);
        stats.Add([1f, 3f, 0f, 0f, 0.5f, 0.5f]);                    // channel planes of 2 pixels
        stats.Add([5f, 7f, 2f, 2f, 0.5f, 0.5f]);

        var (mean, std) = stats.Result();

        Assert.Equal([4f, 1f, 0.5f], mean);                          // (1+3+5+7)/4, (0+0+2+2)/4, constant
        Assert.Equal(Math.Sqrt(5.0), std[0], 5);                     // deviations -3, -1, 1, 3
        Assert.Equal(1.0, std[1], 6);
        Assert.Equal(1f, std[2]);
    }

    [Fact]
    public void A_buffer_that_is_not_whole_planes_and_an_empty_result_are_refused()
    {
        var stats = new ChannelStatistics(3);
        Assert.Throws<ArgumentException>(() => stats.Add([1f, 2f]));
        Assert.Throws<InvalidOperationException>(() => stats.Result());
    }
}
