namespace FrozenLm.Tasks.Retrieval;

/// <summary>
/// Recall@K of image-text retrieval from a similarity matrix [images, texts] where text t describes image
/// <c>textImage[t]</c>: image-to-text counts an image as found when any of its captions ranks within the top K texts;
/// text-to-image counts a text as found when its image ranks within the top K images. Ties rank the true match last.
/// </summary>
public static class RetrievalRecall
{
    /// <summary>Recall (in [0, 1]) at each of <paramref name="ks"/>, image-to-text and text-to-image.</summary>
    public static (double[] ImageToText, double[] TextToImage) Compute(float[,] similarity, IReadOnlyList<int> textImage, IReadOnlyList<int> ks)
    {
        int images = similarity.GetLength(0), texts = similarity.GetLength(1);
        if (textImage.Count != texts)
            throw new ArgumentException($"{textImage.Count} text-image links for {texts} texts", nameof(textImage));
        var i2t = new double[ks.Count];
        var t2i = new double[ks.Count];
        for (var i = 0; i < images; i++)
        {
            var best = double.NegativeInfinity;
            for (var t = 0; t < texts; t++)
            {
                if (textImage[t] == i)
                    best = Math.Max(best, similarity[i, t]);
            }
            var rank = 0; // texts of other images scoring at least as high as the best true caption
            for (var t = 0; t < texts; t++)
            {
                if (textImage[t] != i && similarity[i, t] >= best)
                    rank++;
            }
            for (var k = 0; k < ks.Count; k++)
                i2t[k] += rank < ks[k] ? 1 : 0;
        }
        for (var t = 0; t < texts; t++)
        {
            var truth = similarity[textImage[t], t];
            var rank = 0;
            for (var i = 0; i < images; i++)
            {
                if (i != textImage[t] && similarity[i, t] >= truth)
                    rank++;
            }
            for (var k = 0; k < ks.Count; k++)
                t2i[k] += rank < ks[k] ? 1 : 0;
        }
        return (i2t.Select(v => v / images).ToArray(), t2i.Select(v => v / texts).ToArray());
    }
}
