namespace FrozenLm.Tasks.Motion;

/// <summary>
/// Argoverse 1's forecasting metrics over K predicted trajectories (each [T, 2] row-major, metres): the best mode is
/// the one with the lowest final displacement error (FDE); minFDE is its FDE and minADE its average displacement error
/// (as argoverse-api computes them); a miss is minFDE &gt; 2.0 m. At K = 1 the most confident mode alone is scored.
/// Also the constant-velocity baseline, extrapolating the mean velocity of the last 0.5 s of history.
/// </summary>
public static class MotionMetrics
{
    public const double MissThreshold = 2.0;

    /// <summary>Steps of history over which the constant-velocity baseline averages the velocity.</summary>
    public const int VelocityWindow = 5;

    public static TrajectoryScores Score(IReadOnlyList<float[]> modes, ReadOnlySpan<float> truth)
    {
        if (modes.Count == 0)
            throw new ArgumentException("no predicted trajectory");
        var best = 0;
        var bestFde = double.MaxValue;
        for (var k = 0; k < modes.Count; k++)
        {
            if (modes[k].Length != truth.Length)
                throw new ArgumentException($"mode {k} has {modes[k].Length / 2} steps, the truth {truth.Length / 2}");
            var fde = Distance(modes[k], truth, truth.Length / 2 - 1);
            if (fde < bestFde)
                (best, bestFde) = (k, fde);
        }
        var ade = 0.0;
        var steps = truth.Length / 2;
        for (var t = 0; t < steps; t++)
            ade += Distance(modes[best], truth, t);
        return new TrajectoryScores(ade / steps, bestFde, bestFde > MissThreshold);
    }

    /// <summary>Scores only the mode with the highest <paramref name="confidences"/> (K = 1).</summary>
    public static TrajectoryScores ScoreMostConfident(IReadOnlyList<float[]> modes, IReadOnlyList<float> confidences, ReadOnlySpan<float> truth)
    {
        var top = 0;
        for (var k = 1; k < confidences.Count; k++)
        {
            if (confidences[k] > confidences[top])
                top = k;
        }
        return Score([modes[top]], truth);
    }

    /// <summary>The constant-velocity forecast [steps, 2] from a history [H, 2] (metres, any frame).</summary>
    public static float[] ConstantVelocity(ReadOnlySpan<float> history, int steps)
    {
        var last = history.Length / 2 - 1;
        var window = Math.Min(VelocityWindow, last);
        var (x, y) = (history[2 * last], history[2 * last + 1]);
        var (vx, vy) = window == 0 ? (0.0, 0.0) : ((x - history[2 * (last - window)]) / window, (y - history[2 * (last - window) + 1]) / window);
        var result = new float[steps * 2];
        for (var t = 0; t < steps; t++)
        {
            result[2 * t] = (float)(x + vx * (t + 1));
            result[2 * t + 1] = (float)(y + vy * (t + 1));
        }
        return result;
    }

    private static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int step)
    {
        var dx = (double)a[2 * step] - b[2 * step];
        var dy = (double)a[2 * step + 1] - b[2 * step + 1];
        return Math.Sqrt(dx * dx + dy * dy);
    }
}
