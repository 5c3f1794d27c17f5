using FrozenLm.Data.Motion;

namespace FrozenLm.Tasks.Motion;

/// <summary>A <see cref="MotionBatch"/> as a task batch.</summary>
public sealed class MotionTaskBatch(MotionBatch batch) : ITaskBatch
{
    public MotionBatch Batch { get; } = batch;

    public int Size => Batch.Size;

    public void Dispose() => Batch.Dispose();
}
