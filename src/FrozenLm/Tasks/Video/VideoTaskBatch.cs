using FrozenLm.Data.Video;

namespace FrozenLm.Tasks.Video;

/// <summary>A <see cref="VideoBatch"/> as a task batch.</summary>
public sealed class VideoTaskBatch(VideoBatch batch) : ITaskBatch
{
    public VideoBatch Batch { get; } = batch;

    public int Size => Batch.Size;

    public void Dispose() => Batch.Dispose();
}
