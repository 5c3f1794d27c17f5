using FrozenLm.Data.PointClouds;
using FrozenLm.Training;

namespace FrozenLm.Tasks;

/// <summary>A <see cref="PointCloudBatch"/> as a task batch.</summary>
public sealed class PointCloudTaskBatch(PointCloudBatch batch) : ITaskBatch
{
    public PointCloudBatch Batch { get; } = batch;

    public int Size => Batch.Size;

    public void Dispose() => Batch.Dispose();
}
