namespace FrozenLm.Data.Video;

/// <summary>Per-channel mean and standard deviation of a video data set's pixels (in [0, 1]), as the image task's rule.</summary>
public static class VideoNormalization
{
    /// <summary>
    /// Estimates mean and std per channel from <paramref name="framesPerClip"/> evenly spaced frames of up to
    /// <paramref name="maxClips"/> clips spaced evenly through the data set (deterministic). A zero std becomes 1.
    /// </summary>
    public static (float[] Mean, float[] Std) Estimate(IVideoDataset dataset, int maxClips = 100, int framesPerClip = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxClips, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(framesPerClip, 1);
        if (dataset.Count == 0)
            throw new UserInputException(dataset.Name, "the data set has no clips");
        var clips = Math.Min(maxClips, dataset.Count);
        var stats = new ChannelStatistics(VideoFrames.Channels);
        for (var s = 0; s < clips; s++)
        {
            var frames = dataset.Read((int)((long)s * dataset.Count / clips), count => EvenlySpaced(count, framesPerClip));
            for (var t = 0; t < frames.Frames; t++)
                stats.Add(frames.Frame(t));
        }
        return stats.Result();
    }

    /// <summary>min(k, count) frame indices spread evenly over [0, count), the first one 0.</summary>
    private static int[] EvenlySpaced(int count, int k)
    {
        var n = Math.Min(k, count);
        return [.. Enumerable.Range(0, n).Select(i => (int)((long)i * count / n))];
    }
}
