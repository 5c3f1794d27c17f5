using FrozenLm.Data.PointClouds;

namespace FrozenLm.Tasks.PointCloud;

/// <summary>A <see cref="PointCloudBatch"/> as a task batch.</summary>
public sealed class PointCloudTaskBatch(PointCloudBatch batch) : ITaskBatch
{
    public PointCloudBatch Batch { get; } = batch;

    public int Size => Batch.Size;

    public void Dispose() => Batch.Dispose();
}
