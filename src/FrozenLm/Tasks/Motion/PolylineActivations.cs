using FrozenLm.Data.Motion;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.Motion;

/// <summary>
/// Magnitude activation per polyline token, over a scene's real polylines only (padding left out): the L2 norm of
/// (token - the mean real token of the scene) over channels, min-max scaled to [0, 1] per scene, in the order of
/// <see cref="VectorizedScene.Polylines"/>.
/// </summary>
public static class PolylineActivations
{
    /// <param name="tokens">Captured tokens [B, P, C] (CPU, float32).</param>
    /// <param name="scenes">The batch's scenes (their polyline masks pick the real tokens).</param>
    public static List<double[]> Magnitude(Tensor tokens, IReadOnlyList<VectorizedScene> scenes) =>
        Magnitude(tokens, scenes.Select(s => s.PolylineMask).ToList());

    /// <summary>The same over the tokens <paramref name="realTokens"/> marks per batch row (one value per marked token, in order).</summary>
    /// <param name="tokens">Captured tokens [B, P, C] (CPU, float32).</param>
    /// <param name="realTokens">Per batch row, which of the P tokens count.</param>
    public static List<double[]> Magnitude(Tensor tokens, IReadOnlyList<bool[]> realTokens)
    {
        var (p, c) = ((int)tokens.shape[1], (int)tokens.shape[2]);
        var values = tokens.data<float>().ToArray();
        var result = new List<double[]>();
        for (var b = 0; b < realTokens.Count; b++)
        {
            var real = Enumerable.Range(0, p).Where(i => realTokens[b][i]).ToArray();
            var mean = new double[c];
            foreach (var i in real)
                for (var j = 0; j < c; j++)
                    mean[j] += values[(b * p + i) * c + j] / (double)real.Length;
            var raw = real.Select(i =>
            {
                var sum = 0.0;
                for (var j = 0; j < c; j++)
                {
                    var d = values[(b * p + i) * c + j] - mean[j];
                    sum += d * d;
                }
                return Math.Sqrt(sum);
            }).ToArray();
            var (lo, hi) = (raw.Min(), raw.Max());
            result.Add(raw.Select(v => hi > lo ? (v - lo) / (hi - lo) : 0).ToArray());
        }
        return result;
    }

    /// <summary>
    /// Which real polylines matter for the forecast: the target itself and every lane segment that passes within
    /// <paramref name="radius"/> metres of a ground-truth future position (the lanes the target drives on).
    /// </summary>
    public static bool[] Relevant(VectorizedScene scene, double radius = 2.0)
    {
        var r2 = radius * radius;
        return scene.Polylines.Select(p => p.Kind == PolylineKind.Target || (p.Kind == PolylineKind.Lane && Near(p.Points, scene.Future, r2)))
            .ToArray();
    }

    private static bool Near(float[] points, float[] future, double r2)
    {
        for (var i = 0; i < points.Length / 2; i++)
            for (var t = 0; t < future.Length / 2; t++)
            {
                var (dx, dy) = (points[2 * i] - future[2 * t], points[2 * i + 1] - future[2 * t + 1]);
                if (dx * dx + dy * dy <= r2)
                    return true;
            }
        return false;
    }
}
