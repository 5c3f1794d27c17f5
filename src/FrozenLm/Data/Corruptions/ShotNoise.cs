using FrozenLm.Data.Augmentation;

namespace FrozenLm.Data.Corruptions;

/// <summary><c>shot_noise</c>: Poisson(x * rate) / rate per value, clipped.</summary>
internal sealed class ShotNoise : IImageCorruption
{
    public static readonly SeverityTable<double> Rate = new([500, 250, 100, 75, 50], [60, 25, 12, 5, 3]);

    public string Name => "shot_noise";

    public void Apply(Span<float> image, PlaneShape shape, int severity, CorruptionScale scale, SampleRandom rng)
    {
        var rate = Rate[scale, severity];
        for (var i = 0; i < image.Length; i++)
            image[i] = Math.Clamp((float)(PoissonDraw.Next(rng, image[i] * rate) / rate), 0f, 1f);
    }
}
