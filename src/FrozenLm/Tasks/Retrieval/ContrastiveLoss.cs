using FrozenLm.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.Retrieval;

/// <summary>
/// The image-text contrastive loss with in-batch negatives (CLIP / ALBEF): logits = scale x image·text over every
/// pair of the batch; the target of each image (row) and of each text (column) is uniform over its positives (the
/// diagonal, plus any pair marked positive, such as another caption of the same image or an identical caption), and the
/// loss is the mean of the image-to-text and text-to-image cross-entropies.
/// </summary>
public static class ContrastiveLoss
{
    private static readonly Scalar Half = 0.5.ToScalar();

    /// <param name="imageEmbeddings">[B, E], L2-normalised.</param>
    /// <param name="textEmbeddings">[B, E], L2-normalised; text i belongs to image i.</param>
    /// <param name="scale">The inverse temperature, a 0-d tensor.</param>
    /// <param name="positives">[B, B] bool, true where image i and text j match; the diagonal must be true.</param>
    public static Tensor Compute(Tensor imageEmbeddings, Tensor textEmbeddings, Tensor scale, Tensor positives)
    {
        using var scope = torch.NewDisposeScope();
        var logits = imageEmbeddings.matmul(textEmbeddings.t()).mul(scale);                  // [B, B] image x text
        var targets = positives.to(logits.dtype);
        var i2t = CrossEntropy(logits, targets);
        var t2i = CrossEntropy(logits.t(), targets.t());
        return i2t.add(t2i, Scalars.One).mul(Half).MoveToOuterDisposeScope();
    }

    /// <summary>Mean over rows of -Σ_j target_ij log softmax(logits)_ij, each row's targets normalised to sum 1.</summary>
    private static Tensor CrossEntropy(Tensor logits, Tensor targets)
    {
        var normalised = targets.div(targets.sum(1, keepdim: true));
        return normalised.mul(logits.log_softmax(1)).sum(1).neg().mean();
    }
}
