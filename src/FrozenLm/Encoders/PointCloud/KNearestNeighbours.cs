using FrozenLm.Tensors;
using static TorchSharp.torch;

namespace FrozenLm.Encoders.PointCloud;

/// <summary>Exact k-nearest-neighbour search over a batch, vectorised: full squared-distance matrix, then top-k.</summary>
public static class KNearestNeighbours
{
    /// <summary>
    /// For each query [B, G, 3] returns the indices [B, G, k] (int64) of its <paramref name="k"/> nearest points in
    /// <paramref name="points"/> [B, N, 3], nearest first.
    /// </summary>
    public static Tensor Query(Tensor queries, Tensor points, int k)
    {
        if (queries.dim() != 3 || points.dim() != 3 || queries.shape[2] != 3 || points.shape[2] != 3 || queries.shape[0] != points.shape[0])
            throw new ArgumentException("queries must be [B, G, 3] and points [B, N, 3] with the same B");
        if (k < 1 || k > points.shape[1])
            throw new ArgumentOutOfRangeException(nameof(k), $"cannot take {k} neighbours from {points.shape[1]} points");

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var diff = queries.unsqueeze(2).sub(points.unsqueeze(1));                    // [B, G, N, 3]
        var dist = diff.pow_(Scalars.Two).sum(-1);                                           // [B, G, N]
        var (values, indices) = dist.topk(k, dim: -1, largest: false, sorted: true);      // [B, G, k]
        return indices.MoveToOuterDisposeScope();
    }
}
