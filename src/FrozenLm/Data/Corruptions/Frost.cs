using FrozenLm.Data.Augmentation;

namespace FrozenLm.Data.Corruptions;

/// <summary><c>frost</c>: image x weight + frost x frost_weight, clipped, with a crop of a generated frost texture
/// (<see cref="FrostTexture"/>) in place of ImageNet-C's six photographs.</summary>
internal sealed class Frost : IImageCorruption
{
    public static readonly SeverityTable<(double Image, double Frost)> Weights = new(
        [(1, 0.2), (1, 0.3), (0.9, 0.4), (0.85, 0.4), (0.75, 0.45)],
        [(1, 0.4), (0.8, 0.6), (0.7, 0.7), (0.65, 0.7), (0.6, 0.75)]);

    public string Name => "frost";

    public void Apply(Span<float> image, PlaneShape shape, int severity, CorruptionScale scale, SampleRandom rng)
    {
        var (imageWeight, frostWeight) = Weights[scale, severity];
        var frost = FrostTexture.Generate(shape, rng);
        for (var i = 0; i < image.Length; i++)
            image[i] = Math.Clamp((float)(imageWeight * image[i] + frostWeight * frost[i]), 0f, 1f);
    }
}
