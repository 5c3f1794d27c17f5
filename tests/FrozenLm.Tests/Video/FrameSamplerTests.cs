using FrozenLm.Data.Video;

namespace FrozenLm.Tests.Video;

public sealed class FrameSamplerTests
{
    // 10 frames in 4 segments: starts floor(i * 10 / 4) = 0, 2, 5, 7; lengths 2, 3, 2, 3.
    [Fact]
    public void Test_indices_are_the_segment_centres()
    {
        Assert.Equal([1, 3, 6, 8], FrameSampler.Test(10, 4));
        Assert.Equal([1, 3, 5, 7, 9, 11, 13, 15], FrameSampler.Test(16, 8));
        Assert.Equal([0, 1, 2], FrameSampler.Test(3, 3));
    }

    [Fact]
    public void Test_views_split_each_segment_evenly()
    {
        // view k of 2 takes floor((2k + 1) * len / 4): len 2 -> 0 | 1, len 3 -> 0 | 2
        Assert.Equal([0, 2, 5, 7], FrameSampler.Test(10, 4, view: 0, views: 2));
        Assert.Equal([1, 4, 6, 9], FrameSampler.Test(10, 4, view: 1, views: 2));
    }

    [Fact]
    public void Train_indices_take_the_drawn_offset_within_each_segment()
    {
        var lengths = new List<int>();
        Assert.Equal([0, 2, 5, 7], FrameSampler.Train(10, 4, n => { lengths.Add(n); return 0; }));
        Assert.Equal([2, 3, 2, 3], lengths);
        Assert.Equal([1, 4, 6, 9], FrameSampler.Train(10, 4, n => n - 1));
    }

    [Fact]
    public void Fewer_frames_than_segments_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameSampler.Test(3, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameSampler.Train(3, 4, _ => 0));
    }
}
