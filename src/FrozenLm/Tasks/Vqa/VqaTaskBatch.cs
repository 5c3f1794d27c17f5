using static TorchSharp.torch;

namespace FrozenLm.Tasks.Vqa;

/// <summary>
/// One VQA batch: normalised images [B, 3, S, S], soft answer targets [B, answers], the questions, their family
/// indices (into the data's families) and sample indices. Owns its tensors.
/// </summary>
public sealed class VqaTaskBatch(Tensor images, Tensor targets, IReadOnlyList<string> questions, int[] families, int[] indices) : ITaskBatch
{
    public Tensor Images { get; } = images;
    public Tensor Targets { get; } = targets;
    public IReadOnlyList<string> Questions { get; } = questions;
    public int[] Families { get; } = families;
    public int[] Indices { get; } = indices;

    public int Size => Indices.Length;

    public void Dispose()
    {
        Images.Dispose();
        Targets.Dispose();
    }
}
