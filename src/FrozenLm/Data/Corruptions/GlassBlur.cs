using FrozenLm.Data.Augmentation;

namespace FrozenLm.Data.Corruptions;

/// <summary><c>glass_blur</c>: Gaussian blur (sigma), quantised to 8 bits, pixels locally swapped with a random
/// neighbour up to max_delta away (iterations passes, bottom-right to top-left), Gaussian blur again.</summary>
internal sealed class GlassBlur : IImageCorruption
{
    public static readonly SeverityTable<(double Sigma, int MaxDelta, int Iterations)> Settings = new(
        [(0.05, 1, 1), (0.25, 1, 1), (0.4, 1, 1), (0.25, 1, 2), (0.4, 1, 2)],
        [(0.7, 1, 2), (0.9, 2, 1), (1, 2, 3), (1.1, 3, 2), (1.5, 4, 2)]);

    public string Name => "glass_blur";

    public void Apply(Span<float> image, PlaneShape shape, int severity, CorruptionScale scale, SampleRandom rng)
    {
        var (sigma, delta, iterations) = Settings[scale, severity];
        CorruptionFilters.GaussianBlur(image, shape, sigma, truncate: 4, BorderMode.Nearest);
        for (var i = 0; i < image.Length; i++)
            image[i] = MathF.Floor(Math.Clamp(image[i], 0f, 1f) * 255f) / 255f;
        var (h, w) = (shape.Height, shape.Width);
        for (var it = 0; it < iterations; it++)
            for (var y = h - delta; y > delta; y--)
                for (var x = w - delta; x > delta; x--)
                {
                    var dx = rng.NextInt(-delta, delta - 1);
                    var dy = rng.NextInt(-delta, delta - 1);
                    var y2 = y + dy;
                    var x2 = x + dx;
                    for (var c = 0; c < shape.Channels; c++)
                    {
                        var a = c * shape.Plane + y * w + x;
                        var b = c * shape.Plane + y2 * w + x2;
                        (image[a], image[b]) = (image[b], image[a]);
                    }
                }
        CorruptionFilters.GaussianBlur(image, shape, sigma, truncate: 4, BorderMode.Nearest);
        CorruptionFilters.Clip(image);
    }
}
