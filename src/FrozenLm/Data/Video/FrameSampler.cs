namespace FrozenLm.Data.Video;

/// <summary>
/// Segment-based sampling of T frames from a clip of n (TSN / VideoMAE on SSv2): segment i covers frames
/// [floor(i n / T), floor((i + 1) n / T)); training takes a uniformly random frame of each segment, testing takes, for
/// view k of N, the frame at floor((k + 1/2) len / N) of each segment (the centre when N = 1).
/// </summary>
public static class FrameSampler
{
    /// <summary>Start and length of segment <paramref name="i"/> of <paramref name="segments"/> over <paramref name="frames"/> frames.</summary>
    public static (int Start, int Length) Segment(int frames, int segments, int i)
    {
        var start = (int)((long)i * frames / segments);
        var end = (int)((long)(i + 1) * frames / segments);
        return (start, end - start);
    }

    /// <summary>Training indices: one random frame per segment, drawn by <paramref name="nextInt"/> (uniform in [0, count)).</summary>
    public static int[] Train(int frames, int segments, Func<int, int> nextInt)
    {
        Check(frames, segments);
        var picked = new int[segments];
        for (var i = 0; i < segments; i++)
        {
            var (start, length) = Segment(frames, segments, i);
            picked[i] = start + nextInt(length);
        }
        return picked;
    }

    /// <summary>Test indices of temporal view <paramref name="view"/> of <paramref name="views"/>.</summary>
    public static int[] Test(int frames, int segments, int view = 0, int views = 1)
    {
        Check(frames, segments);
        if (views < 1 || view < 0 || view >= views)
            throw new ArgumentOutOfRangeException(nameof(view), $"view {view} of {views}");
        var picked = new int[segments];
        for (var i = 0; i < segments; i++)
        {
            var (start, length) = Segment(frames, segments, i);
            picked[i] = start + (int)((2L * view + 1) * length / (2L * views));
        }
        return picked;
    }

    private static void Check(int frames, int segments)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segments, 1);
        if (frames < segments)
            throw new ArgumentOutOfRangeException(nameof(frames), $"{frames} frames cannot give {segments} segments");
    }
}
