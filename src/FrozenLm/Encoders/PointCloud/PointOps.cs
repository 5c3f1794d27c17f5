using FrozenLm.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Encoders.PointCloud;

/// <summary>Batched gathers used by sampling and grouping: pick rows of [B, N, C] by per-batch indices.</summary>
public static class PointOps
{
    /// <summary>
    /// Gathers <paramref name="values"/> [B, N, C] at <paramref name="indices"/> [B, ...] (int64, in [0, N)) and
    /// returns [B, ..., C].
    /// </summary>
    public static Tensor Gather(Tensor values, Tensor indices)
    {
        using var scope = NewDisposeScope();
        var b = values.shape[0];
        var n = values.shape[1];
        var c = values.shape[2];
        var offsetShape = new long[indices.dim()];
        Array.Fill(offsetShape, 1L);
        offsetShape[0] = b;
        using var count = b.ToScalar();
        using var stride = n.ToScalar();
        var offsets = arange(Scalars.Zero, count, Scalars.One, dtype: ScalarType.Int64, device: indices.device).mul(stride).view(offsetShape);
        var flat = indices.add(offsets, Scalars.One).reshape(-1);                                  // [B * ...]
        var picked = values.reshape(b * n, c).index_select(0, flat);                  // [B * ..., C]
        var outShape = indices.shape.Append(c).ToArray();
        return picked.view(outShape).MoveToOuterDisposeScope();                       // [B, ..., C]
    }
}
