using FrozenLm.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Encoders.PointCloud;

/// <summary>
/// Farthest point sampling over a batch of clouds, vectorised over batch and points: one tensor step per selected
/// centre. Starts from point 0 of every cloud (as the reference CUDA kernel does) unless a start is given.
/// </summary>
public static class FarthestPointSampling
{
    /// <summary>Returns the indices [B, <paramref name="count"/>] (int64) of centres chosen from <paramref name="points"/> [B, N, 3].</summary>
    public static Tensor Sample(Tensor points, int count, Tensor? start = null)
    {
        if (points.dim() != 3 || points.shape[2] != 3)
            throw new ArgumentException($"points must be [B, N, 3], got [{string.Join(", ", points.shape)}]", nameof(points));
        var b = points.shape[0];
        var n = points.shape[1];
        if (count < 1 || count > n)
            throw new ArgumentOutOfRangeException(nameof(count), $"cannot sample {count} centres from {n} points");

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
}
