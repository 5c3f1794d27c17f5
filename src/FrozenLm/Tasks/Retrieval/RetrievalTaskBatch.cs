using static TorchSharp.torch;

namespace FrozenLm.Tasks.Retrieval;

/// <summary>
/// One retrieval batch: normalised images [B, 3, S, S], their indices in the split, and texts with the batch position
/// of the image each describes (training: one caption per image, in image order; evaluation: every caption of the
/// batch's images). Owns its tensor.
/// </summary>
public sealed class RetrievalTaskBatch(Tensor images, int[] indices, IReadOnlyList<string> texts, int[] textImage) : ITaskBatch
{
    public Tensor Images { get; } = images;
    public int[] Indices { get; } = indices;
    public IReadOnlyList<string> Texts { get; } = texts;

    /// <summary>Per text, the batch position of its image.</summary>
    public int[] TextImage { get; } = textImage;

    public int Size => Indices.Length;

    public void Dispose() => Images.Dispose();
}
