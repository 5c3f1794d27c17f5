using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.Retrieval;

/// <summary>
/// ALBEF's hard negatives for image-text matching, mined from the batch's contrastive similarities: for each image a
/// text drawn with probability softmax(similarity row) over the texts that are not its positives, and for each text an
/// image drawn the same way over its column. The draw uses torch's global generator (seeded per epoch by the trainer).
/// A row with no non-positive candidate (every pair positive) gets index -1.
/// </summary>
public static class HardNegativeMining
{
    private static readonly Scalar None = (-1).ToScalar();

    /// <param name="similarity">[B, B] image x text logits (scaled similarities).</param>
    /// <param name="positives">[B, B] bool, true where image i and text j match.</param>
    /// <returns>For each image the index of its negative text, and for each text the index of its negative image (int64 [B]).</returns>
    public static (Tensor TextForImage, Tensor ImageForText) Sample(Tensor similarity, Tensor positives)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var textForImage = Draw(similarity, positives);
        var imageForText = Draw(similarity.t(), positives.t());
        return (textForImage.MoveToOuterDisposeScope(), imageForText.MoveToOuterDisposeScope());
    }

    /// <summary>One draw per row over the row's non-positive columns, weighted by softmax of the row; -1 where none.</summary>
    private static Tensor Draw(Tensor logits, Tensor positives)
    {
        var allowed = positives.logical_not();                                                     // [B, B]
        var weights = logits.softmax(1).mul(allowed.to(logits.dtype));
        var usable = allowed.any(1);                                                               // [B]
        // An underflowed row (all allowed weights 0) falls back to uniform over its allowed columns; a row with none
        // allowed draws anything and is marked -1 below.
        var empty = weights.sum(1, keepdim: true).le(torch.zeros(1, dtype: weights.dtype, device: weights.device));
        weights = torch.where(empty, allowed.to(weights.dtype), weights);
        weights = torch.where(usable.unsqueeze(1), weights, torch.ones_like(weights));
        var drawn = torch.multinomial(weights, 1).squeeze(1);                                     // [B]
        return torch.where(usable, drawn, torch.full_like(drawn, None));
    }
}
