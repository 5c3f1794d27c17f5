using FrozenLm.Data;

namespace FrozenLm.Tasks.Image;

/// <summary>An <see cref="ImageBatch"/> as a task batch.</summary>
public sealed class ImageTaskBatch(ImageBatch batch) : ITaskBatch
{
    public ImageBatch Batch { get; } = batch;

    public int Size => Batch.Size;

    public void Dispose() => Batch.Dispose();
}
