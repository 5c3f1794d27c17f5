namespace FrozenLm.Data;

/// <summary>Per-channel mean and standard deviation of a data set's pixels (in [0, 1]).</summary>
public static class ImageNormalization
{
    /// <summary>
    /// Estimates mean and std per channel from up to <paramref name="maxSamples"/> images spaced evenly through the
    /// data set (deterministic). A zero std (constant channel) becomes 1.
    /// </summary>
    public static (float[] Mean, float[] Std) Estimate(IImageDataset dataset, int maxSamples = 2000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSamples, 1);
        if (dataset.Count == 0)
            throw new ArgumentException($"data set {dataset.Name} is empty");
        var samples = Math.Min(maxSamples, dataset.Count);
        var channels = dataset.Channels;
        var plane = dataset.Height * dataset.Width;
        var buffer = new float[channels * plane];
        var sum = new double[channels];
        var sumSq = new double[channels];
        for (var s = 0; s < samples; s++)
        {
            dataset.ReadImage((int)((long)s * dataset.Count / samples), buffer);
            for (var c = 0; c < channels; c++)
            {
                double cs = 0, cq = 0;
                foreach (var v in buffer.AsSpan(c * plane, plane))
                {
                    cs += v;
                    cq += (double)v * v;
                }
                sum[c] += cs;
                sumSq[c] += cq;
            }
        }
        var n = (double)samples * plane;
        var mean = new float[channels];
        var std = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var m = sum[c] / n;
            var variance = Math.Max(0, sumSq[c] / n - m * m);
            mean[c] = (float)m;
            std[c] = variance > 1e-12 ? (float)Math.Sqrt(variance) : 1f;
        }
        return (mean, std);
    }
}
