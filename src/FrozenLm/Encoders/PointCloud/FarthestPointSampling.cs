using FrozenLm.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Encoders.PointCloud;

/// <summary>
/// Farthest point sampling over a batch of clouds. Starts from point 0 of every cloud (as the reference CUDA kernel
/// does) unless a start is given; each next centre is the point farthest (squared distance) from the centres so far,
/// the first such point on ties. On the CPU one loop per cloud over its float coordinates (<see cref="SampleCloud"/>);
/// elsewhere one tensor step per centre, vectorised over batch and points (<see cref="SampleWithTensors"/>). Both
/// compute the same float32 distances in the same order, so they pick the same centres.
/// </summary>
public static class FarthestPointSampling
{
    /// <summary>Returns the indices [B, <paramref name="count"/>] (int64) of centres chosen from <paramref name="points"/> [B, N, 3].</summary>
    public static Tensor Sample(Tensor points, int count, Tensor? start = null)
    {
        Check(points, count);
        if (points.device.type != DeviceType.CPU)
            return SampleWithTensors(points, count, start);
        var b = (int)points.shape[0];
        var n = (int)points.shape[1];
        using var cpu = points.detach().to_type(ScalarType.Float32).contiguous();
        var xyz = cpu.data<float>().ToArray();
        var starts = new long[b];
        if (start is not null)
        {
            using var s = start.to_type(ScalarType.Int64).cpu().contiguous();
            s.data<long>().CopyTo(starts);
        }
        var chosen = new long[b * count];
        var minDist = new float[n];
        for (var i = 0; i < b; i++)
            SampleCloud(xyz.AsSpan(i * n * 3, n * 3), starts[i], chosen.AsSpan(i * count, count), minDist);
        return tensor(chosen, [b, count]);
    }

    /// <summary>
    /// Farthest point sampling of one cloud <paramref name="xyz"/> [n * 3] from <paramref name="start"/>, writing the
    /// indices to <paramref name="chosen"/>; <paramref name="minDist"/> [n] is scratch.
    /// </summary>
    public static void SampleCloud(ReadOnlySpan<float> xyz, long start, Span<long> chosen, Span<float> minDist)
    {
        var n = xyz.Length / 3;
        if (start < 0 || start >= n)
            throw new ArgumentOutOfRangeException(nameof(start), $"start {start} is not a point index in [0, {n})");
        minDist = minDist[..n];
        minDist.Fill(float.PositiveInfinity);
        var current = (int)start;
        for (var i = 0; i < chosen.Length; i++)
        {
            chosen[i] = current;
            var cx = xyz[3 * current];
            var cy = xyz[3 * current + 1];
            var cz = xyz[3 * current + 2];
            var best = 0;
            var bestValue = float.NegativeInfinity;
            for (var j = 0; j < n; j++)
            {
                var dx = xyz[3 * j] - cx;
                var dy = xyz[3 * j + 1] - cy;
                var dz = xyz[3 * j + 2] - cz;
                var d = dx * dx + dy * dy + dz * dz;
                var m = minDist[j];
                if (d < m || float.IsNaN(d))
                    minDist[j] = m = d;
                if (m > bestValue || (float.IsNaN(m) && !float.IsNaN(bestValue)))
                {
                    bestValue = m;
                    best = j;
                }
            }
            current = best;
        }
    }

    /// <summary>The same sampling as tensor operations, one step per centre, on any device.</summary>
    public static Tensor SampleWithTensors(Tensor points, int count, Tensor? start = null)
    {
        Check(points, count);
        var b = points.shape[0];
        var n = points.shape[1];
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var pts = points.detach().to_type(ScalarType.Float32);
        var current = start?.to_type(ScalarType.Int64).view(b) ?? zeros(b, dtype: ScalarType.Int64, device: points.device);
        using var infinity = float.PositiveInfinity.ToScalar();
        var minDist = full(b, n, infinity, dtype: ScalarType.Float32, device: points.device);
        var chosen = new Tensor[count];
        for (var i = 0; i < count; i++)
        {
            chosen[i] = current;
            using var step = NewDisposeScope();
            var centre = pts.gather(1, current.view(b, 1, 1).expand(b, 1, 3));     // [B, 1, 3]
            var dist = pts.sub(centre).pow_(Scalars.Two).sum(-1);                 // [B, N]
            var nearer = minimum(minDist, dist).MoveToOuterDisposeScope();
            current = nearer.argmax(-1).MoveToOuterDisposeScope();                   // [B]
            minDist.Dispose();
            minDist = nearer;
        }
        return stack(chosen, 1).MoveToOuterDisposeScope();                          // [B, count]
    }

    private static void Check(Tensor points, int count)
    {
        if (points.dim() != 3 || points.shape[2] != 3)
            throw new ArgumentException($"points must be [B, N, 3], got [{string.Join(", ", points.shape)}]", nameof(points));
        var n = points.shape[1];
        if (count < 1 || count > n)
            throw new ArgumentOutOfRangeException(nameof(count), $"cannot sample {count} centres from {n} points");
    }
}
