using FrozenLm.Data.Augmentation;

namespace FrozenLm.Data.Corruptions;

/// <summary><c>impulse_noise</c>: salt and pepper (skimage "s&amp;p"): each value replaced with probability
/// <c>amount</c>, by 1 or 0 with equal chance.</summary>
internal sealed class ImpulseNoise : IImageCorruption
{
    public static readonly SeverityTable<double> Amount = new([0.01, 0.02, 0.03, 0.05, 0.07], [0.03, 0.06, 0.09, 0.17, 0.27]);

    public string Name => "impulse_noise";

    public void Apply(Span<float> image, PlaneShape shape, int severity, CorruptionScale scale, SampleRandom rng)
    {
        var amount = Amount[scale, severity];
        for (var i = 0; i < image.Length; i++)
        {
            if (rng.Chance(amount))
                image[i] = rng.Chance(0.5) ? 1f : 0f;
        }
    }
}
