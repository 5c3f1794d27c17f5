using FrozenLm.Data.Augmentation;
using FrozenLm.Data.Corruptions;

namespace FrozenLm.Tests.Data.Corruptions;

/// <summary>Images and helpers for the corruption tests.</summary>
internal static class CorruptionFixtures
{
    /// <summary>A seeded texture with values in [0.1, 0.9].</summary>
    public static float[] Texture(int channels, int size, int seed = 3)
    {
        var rng = new Random(seed);
        var image = new float[channels * size * size];
        for (var i = 0; i < image.Length; i++)
            image[i] = 0.1f + 0.8f * (float)(0.5 + 0.5 * Math.Sin(i * 0.37 + rng.NextDouble()));
        return image;
    }

    public static float[] Constant(int channels, int size, float value) => Enumerable.Repeat(value, channels * size * size).ToArray();

    public static float[] Apply(string name, float[] image, int channels, int size, int severity, int seed = 7, int index = 0)
    {
        var copy = image.ToArray();
        ImageCorruptions.Apply(name, copy, channels, size, size, severity, seed, index);
        return copy;
    }

    /// <summary>Runs one corruption class directly at a chosen parameter set.</summary>
    public static float[] ApplyAt(IImageCorruption corruption, float[] image, int channels, int size, int severity, CorruptionScale scale, int seed = 7)
    {
        var copy = image.ToArray();
        corruption.Apply(copy, new PlaneShape(channels, size, size), severity, scale, new SampleRandom(seed, 1, 2, 3));
        return copy;
    }

    public static (double Mean, double Std) Moments(IEnumerable<double> values)
    {
        var list = values.ToList();
        var mean = list.Average();
        return (mean, Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1)));
    }
}
