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
        var buffer = new float[dataset.Channels * dataset.Height * dataset.Width];
        var stats = new ChannelStatistics(dataset.Channels);
        for (var s = 0; s < samples; s++)
        {
            dataset.ReadImage((int)((long)s * dataset.Count / samples), buffer);
            stats.Add(buffer);
        }
        return stats.Result();
    }
}
