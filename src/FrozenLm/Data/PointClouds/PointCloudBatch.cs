using static TorchSharp.torch;

namespace FrozenLm.Data.PointClouds;

/// <summary>One batch: points [B, N, 3] (float32), labels [B] (int64), and the dataset indices. Owns its tensors.</summary>
public sealed class PointCloudBatch : IDisposable
{
    public PointCloudBatch(Tensor points, Tensor labels, int[] indices)
    {
        Points = points;
        Labels = labels;
        Indices = indices;
    }

    public Tensor Points { get; }
    public Tensor Labels { get; }
    public int[] Indices { get; }
    public int Size => Indices.Length;

    public void Dispose()
    {
        Points.Dispose();
        Labels.Dispose();
    }
}
