namespace FrozenLm.Tasks.Retrieval;

/// <summary>
/// The metrics of the <c>retrieval</c> task over the evaluation gallery: Recall@1/5/10 image-to-text and text-to-image
/// (fractions), their sum <c>rsum</c> (the primary metric, shown as the usual sum of percentages, at most 600), the same
/// sum ranked by contrastive similarity alone (<c>rsum_itc</c>), and the gallery size <c>eval_samples</c> (chance
/// R@1 = 1 / eval_samples).
/// </summary>
public static class RetrievalMetrics
{
    public const string Rsum = "rsum";
    public const string RsumContrastive = "rsum_itc";
    public const string GallerySize = "eval_samples";

    public static IReadOnlyList<int> Ks { get; } = [1, 5, 10];

    public static string ImageToText(int k) => $"r{k}_i2t";
    public static string TextToImage(int k) => $"r{k}_t2i";

    public static MetricInfo Primary { get; } = new(Rsum, "RSUM", "", HigherIsBetter: true, DisplayScale: 100,
        "sum of R@1/5/10 image-to-text and text-to-image (%)");

    public static IReadOnlyList<MetricInfo> All { get; } =
    [
        Primary,
        .. Ks.Select(k => new MetricInfo(ImageToText(k), $"R@{k} i2t", "%", HigherIsBetter: true, DisplayScale: 100, $"image-to-text Recall@{k}")),
        .. Ks.Select(k => new MetricInfo(TextToImage(k), $"R@{k} t2i", "%", HigherIsBetter: true, DisplayScale: 100, $"text-to-image Recall@{k}")),
        new(RsumContrastive, "RSUM (ITC)", "", HigherIsBetter: true, DisplayScale: 100, "RSUM ranked by contrastive similarity alone"),
        new(GallerySize, "gallery", "images", HigherIsBetter: true, DisplayScale: 1, "evaluation gallery size (chance R@1 = 1 / gallery)"),
    ];

    /// <summary>The metric values of one ranking: R@K both ways and their sum.</summary>
    public static Dictionary<string, double> Of(double[] imageToText, double[] textToImage)
    {
        var metrics = new Dictionary<string, double>();
        for (var i = 0; i < Ks.Count; i++)
        {
            metrics[ImageToText(Ks[i])] = imageToText[i];
            metrics[TextToImage(Ks[i])] = textToImage[i];
        }
        metrics[Rsum] = imageToText.Sum() + textToImage.Sum();
        return metrics;
    }
}
