using FrozenLm.Data.Motion;

namespace FrozenLm.Tests.Motion;

public sealed class AgentFrameTests
{
    [Fact]
    public void Given_random_frames_and_points_When_mapped_to_the_frame_and_back_Then_they_round_trip()
    {
        var random = new Random(5);
        for (var i = 0; i < 100; i++)
        {
            var frame = new AgentFrame(random.NextDouble() * 4000 - 2000, random.NextDouble() * 4000 - 2000, random.NextDouble() * 8 - 4);
            var (x, y) = (random.NextDouble() * 4000 - 2000, random.NextDouble() * 4000 - 2000);
            var (lx, ly) = frame.ToLocal(x, y);
            var (wx, wy) = frame.ToWorld(lx, ly);
            Assert.Equal(x, wx, 1e-9);
            Assert.Equal(y, wy, 1e-9);
            Assert.Equal(Math.Sqrt((x - frame.OriginX) * (x - frame.OriginX) + (y - frame.OriginY) * (y - frame.OriginY)),
                Math.Sqrt(lx * lx + ly * ly), 1e-9);
        }
    }

    [Fact]
    public void Given_an_agent_driving_north_west_When_framed_Then_its_last_position_is_the_origin_and_its_heading_is_x()
    {
        var steps = MotionTiming.HistorySteps;
        var track = new MotionTrack("a", MotionObjectType.Agent, new double[steps], new double[steps], Enumerable.Repeat(true, steps).ToArray());
        for (var k = 0; k < steps; k++)
            (track.X[k], track.Y[k]) = (100 - 0.6 * k, 50 + 0.6 * k);
        var frame = AgentFrame.Of(track);
        Assert.Equal(3 * Math.PI / 4, frame.Heading, 1e-9);
        var (x0, y0) = frame.ToLocal(track.X[^1], track.Y[^1]);
        Assert.Equal(0, x0, 1e-9);
        Assert.Equal(0, y0, 1e-9);
        var (xa, ya) = frame.ToLocal(track.X[^1] - 0.6, track.Y[^1] + 0.6);                // one more step ahead
        Assert.Equal(0.6 * Math.Sqrt(2), xa, 1e-9);
        Assert.Equal(0, ya, 1e-9);
        var (xl, yl) = frame.ToLocal(track.X[^1] - 1, track.Y[^1] - 1);                    // to the agent's left
        Assert.Equal(0, xl, 1e-9);
        Assert.Equal(Math.Sqrt(2), yl, 1e-9);
    }
}
