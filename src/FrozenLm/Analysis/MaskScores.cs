namespace FrozenLm.Analysis;

/// <summary>
/// Scores a per-token map against an object mask: the mask brought to the token grid, the paper's pseudo-mask IoU with
/// a per-image oracle threshold, and a threshold-free AUROC.
/// </summary>
public static class MaskScores
{
    /// <summary>A token counts as object when at least this fraction of its pixels is object.</summary>
    public const double TokenObjectFraction = 0.5;

    /// <summary>The oracle's candidate thresholds {0.1, 0.2, ..., 0.9}; the pseudo-mask is map &gt; t.</summary>
    public static IReadOnlyList<double> Thresholds { get; } = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

    /// <summary>
    /// Area-averages a [height, width] mask (values in [0, 1]) onto a [gridH, gridW] grid: each cell gets the fraction of
    /// its (possibly fractional) pixel area that is object. Exact for any ratio of sizes. The grid covers the top-left
    /// <paramref name="coverY"/> x <paramref name="coverX"/> fraction of the mask (a patch embedding whose patches do
    /// not tile the whole image ignores the rest).
    /// </summary>
    public static float[] CellFractions(ReadOnlySpan<float> mask, int height, int width, int gridH, int gridW,
        double coverY = 1, double coverX = 1)
    {
        if (height <= 0 || width <= 0 || gridH <= 0 || gridW <= 0)
            throw new ArgumentException("mask and grid sizes must be positive");
        if (!(coverY > 0 && coverY <= 1 && coverX > 0 && coverX <= 1))
            throw new ArgumentException("the grid's cover fractions must be in (0, 1]");
        if (mask.Length != height * width)
            throw new ArgumentException($"mask has {mask.Length} values, expected {height}x{width}");
        var result = new float[gridH * gridW];
        for (var gy = 0; gy < gridH; gy++)
        {
            double y0 = gy * coverY * height / gridH, y1 = (gy + 1) * coverY * height / gridH;
            for (var gx = 0; gx < gridW; gx++)
            {
                double x0 = gx * coverX * width / gridW, x1 = (gx + 1) * coverX * width / gridW;
                double sum = 0;
                for (var y = (int)Math.Floor(y0); y < Math.Min(height, (int)Math.Ceiling(y1)); y++)
                {
                    var wy = Math.Min(y + 1, y1) - Math.Max(y, y0);
                    for (var x = (int)Math.Floor(x0); x < Math.Min(width, (int)Math.Ceiling(x1)); x++)
                    {
                        var wx = Math.Min(x + 1, x1) - Math.Max(x, x0);
                        sum += wy * wx * mask[y * width + x];
                    }
                }
                result[gy * gridW + gx] = (float)(sum / ((y1 - y0) * (x1 - x0)));
            }
        }
        return result;
    }

    /// <summary>The token-grid ground truth: cell fraction &gt;= <see cref="TokenObjectFraction"/>.</summary>
    public static bool[] TokenMask(ReadOnlySpan<float> mask, int height, int width, int gridH, int gridW,
        double coverY = 1, double coverX = 1)
    {
        var fractions = CellFractions(mask, height, width, gridH, gridW, coverY, coverX);
        var result = new bool[fractions.Length];
        for (var i = 0; i < fractions.Length; i++)
            result[i] = fractions[i] >= TokenObjectFraction;
        return result;
    }

    /// <summary>
    /// IoU of the pseudo-mask (map &gt; threshold, compared in float32 so a map value of 0.2f is not above 0.2) with the
    /// ground truth; 1 when both are empty.
    /// </summary>
    public static double IoU(ReadOnlySpan<float> map, ReadOnlySpan<bool> truth, double threshold)
    {
        CheckLengths(map.Length, truth.Length);
        var t = (float)threshold;
        int intersection = 0, union = 0;
        for (var i = 0; i < map.Length; i++)
        {
            var predicted = map[i] > t;
            if (predicted && truth[i])
                intersection++;
            if (predicted || truth[i])
                union++;
        }
        return union == 0 ? 1.0 : (double)intersection / union;
    }

    /// <summary>The best IoU over <see cref="Thresholds"/> (the paper's per-image oracle) and the threshold that gave it.</summary>
    public static (double IoU, double Threshold) OracleIoU(ReadOnlySpan<float> map, ReadOnlySpan<bool> truth)
    {
        double best = -1, bestThreshold = Thresholds[0];
        foreach (var t in Thresholds)
        {
            var iou = IoU(map, truth, t);
            if (iou > best)
            {
                best = iou;
                bestThreshold = t;
            }
        }
        return (best, bestThreshold);
    }

    /// <summary>
    /// Area under the ROC curve of the map as a score for "object": the Mann-Whitney statistic with average ranks for
    /// ties (a tie between an object and a background token counts one half). NaN when either class is absent.
    /// </summary>
    public static double Auroc(ReadOnlySpan<float> map, ReadOnlySpan<bool> truth)
    {
        CheckLengths(map.Length, truth.Length);
        var n = map.Length;
        var order = new int[n];
        for (var i = 0; i < n; i++)
            order[i] = i;
        var values = map.ToArray();
        Array.Sort(values, order);
        double positiveRankSum = 0;
        long positives = 0;
        for (var start = 0; start < n;)
        {
            var end = start;
            while (end + 1 < n && values[end + 1] == values[start])
                end++;
            var averageRank = (start + end) / 2.0 + 1.0;
            for (var k = start; k <= end; k++)
            {
                if (truth[order[k]])
                {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            start = end + 1;
        }
        var negatives = n - positives;
        if (positives == 0 || negatives == 0)
            return double.NaN;
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    private static void CheckLengths(int map, int truth)
    {
        if (map != truth)
            throw new ArgumentException($"map has {map} tokens but the mask has {truth}");
    }
}
