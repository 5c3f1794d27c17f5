using FrozenLm.Tasks.Motion;

namespace FrozenLm.Tests.Motion;

public sealed class MotionMetricsTests
{
    /// <summary>A trajectory of <paramref name="steps"/> points along x at <paramref name="dx"/> per step, shifted by <paramref name="y"/>.</summary>
    private static float[] Line(int steps, float dx, float y = 0)
    {
        var t = new float[steps * 2];
        for (var i = 0; i < steps; i++)
            (t[2 * i], t[2 * i + 1]) = ((i + 1) * dx, y);
        return t;
    }

    [Fact]
    public void Given_three_modes_When_scored_at_K6_Then_the_lowest_FDE_mode_gives_minFDE_and_its_ADE_is_minADE()
    {
        var truth = Line(3, 1);                                 // (1,0) (2,0) (3,0)
        var offset = Line(3, 1, y: 1);                          // every point 1 m off: ADE 1, FDE 1
        var lateEnd = new float[] { 1, 0, 2, 0, 3, 0.5f };      // ADE 0.5/3, FDE 0.5
        var far = Line(3, 2);                                   // (2,0) (4,0) (6,0): ADE 2, FDE 3
        var s = MotionMetrics.Score([offset, lateEnd, far], truth);
        Assert.Equal(0.5, s.MinFde, 6);
        Assert.Equal(0.5 / 3, s.MinAde, 6);
        Assert.False(s.Miss);
    }

    [Fact]
    public void Given_confidences_When_scored_at_K1_Then_only_the_most_confident_mode_counts()
    {
        var truth = Line(3, 1);
        var good = Line(3, 1, y: 0.1f);
        var bad = Line(3, 2);
        var k6 = MotionMetrics.Score([good, bad], truth);
        var k1 = MotionMetrics.ScoreMostConfident([good, bad], [0.3f, 0.7f], truth);
        Assert.Equal(0.1, k6.MinAde, 5);
        Assert.Equal(2.0, k1.MinAde, 5);                         // |1-2|, |2-4|, |3-6| -> (1 + 2 + 3) / 3
        Assert.Equal(3.0, k1.MinFde, 5);
        Assert.True(k1.Miss);
    }

    [Fact]
    public void Given_an_FDE_of_exactly_2_m_When_scored_Then_it_is_not_a_miss_and_just_above_is()
    {
        var truth = Line(2, 1);
        Assert.False(MotionMetrics.Score([new float[] { 1, 0, 2, 2 }], truth).Miss);          // FDE exactly 2.0
        Assert.True(MotionMetrics.Score([new float[] { 1, 0, 2, 2.001f }], truth).Miss);
    }

    [Fact]
    public void Given_a_history_at_constant_velocity_When_extrapolated_Then_the_future_continues_the_line()
    {
        var history = new float[20 * 2];
        for (var k = 0; k < 20; k++)
            (history[2 * k], history[2 * k + 1]) = (0.8f * k - 15.2f, 0.3f * k - 5.7f);   // last point (0, 0)
        var future = MotionMetrics.ConstantVelocity(history, 30);
        Assert.Equal(0.8f, future[0], 4);
        Assert.Equal(0.3f, future[1], 4);
        Assert.Equal(24f, future[^2], 3);
        Assert.Equal(9f, future[^1], 3);
    }

    [Fact]
    public void Given_mismatched_lengths_When_scored_Then_it_throws()
    {
        Assert.Throws<ArgumentException>(() => MotionMetrics.Score([new float[4]], new float[6]));
        Assert.Throws<ArgumentException>(() => MotionMetrics.Score([], new float[6]));
    }
}
