using FrozenLm.Data.Augmentation;

namespace FrozenLm.Data.Corruptions;

/// <summary><c>gaussian_noise</c>: x + N(0, sigma^2) per value, clipped.</summary>
internal sealed class GaussianNoise : IImageCorruption
{
    public static readonly SeverityTable<double> Sigma = new([0.04, 0.06, 0.08, 0.09, 0.10], [0.08, 0.12, 0.18, 0.26, 0.38]);

    public string Name => "gaussian_noise";

    public void Apply(Span<float> image, PlaneShape shape, int severity, CorruptionScale scale, SampleRandom rng)
    {
        var sigma = Sigma[scale, severity];
        for (var i = 0; i < image.Length; i++)
            image[i] = Math.Clamp((float)(image[i] + sigma * rng.NextGaussian()), 0f, 1f);
    }
}
