namespace FrozenLm.Tasks.Retrieval;

/// <summary>
/// Re-ranks a retrieval similarity matrix [images, texts] with image-text matching scores, as ALBEF does: per image
/// (image-to-text) or per text (text-to-image), its top <c>k</c> candidates by contrastive similarity are ordered by
/// their matching score and placed above every other candidate; the rest keep their contrastive order.
/// </summary>
public static class ItmReranking
{
    /// <summary>Scores the pairs (image[i], text[i]); higher = a better match.</summary>
    public delegate float[] PairScorer(int[] images, int[] texts);

    /// <summary>The matrix whose rows rank texts per image after re-ranking each image's top <paramref name="k"/> texts.</summary>
    public static float[,] ImageToText(float[,] similarity, int k, PairScorer score) => Rerank(similarity, k, score, byImage: true);

    /// <summary>The matrix whose columns rank images per text after re-ranking each text's top <paramref name="k"/> images.</summary>
    public static float[,] TextToImage(float[,] similarity, int k, PairScorer score) => Rerank(similarity, k, score, byImage: false);

    private static float[,] Rerank(float[,] similarity, int k, PairScorer score, bool byImage)
    {
        int images = similarity.GetLength(0), texts = similarity.GetLength(1);
        var result = (float[,])similarity.Clone();
        int queries = byImage ? images : texts, candidates = byImage ? texts : images;
        var top = Math.Min(k, candidates);
        if (top <= 0)
            return result;
        float At(int q, int c) => byImage ? similarity[q, c] : similarity[c, q];
        var chosen = new int[queries][];
        for (var q = 0; q < queries; q++)
            chosen[q] = Enumerable.Range(0, candidates).OrderByDescending(c => At(q, c)).ThenBy(c => c).Take(top).ToArray();
        var pairImages = new int[queries * top];
        var pairTexts = new int[queries * top];
        for (var q = 0; q < queries; q++)
        for (var j = 0; j < top; j++)
        {
            var c = chosen[q][j];
            pairImages[q * top + j] = byImage ? q : c;
            pairTexts[q * top + j] = byImage ? c : q;
        }
        var scores = score(pairImages, pairTexts);
        if (scores.Length != pairImages.Length)
            throw new InvalidOperationException($"the scorer returned {scores.Length} scores for {pairImages.Length} pairs");
        for (var q = 0; q < queries; q++)
        {
            var max = float.NegativeInfinity;
            for (var c = 0; c < candidates; c++)
                max = Math.Max(max, At(q, c));
            var minScore = Enumerable.Range(0, top).Min(j => scores[q * top + j]);
            var offset = max - minScore + 1;
            for (var j = 0; j < top; j++)
            {
                var value = scores[q * top + j] + offset;
                if (byImage)
                    result[q, chosen[q][j]] = value;
                else
                    result[chosen[q][j], q] = value;
            }
        }
        return result;
    }
}
