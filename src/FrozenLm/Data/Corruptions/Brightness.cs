using FrozenLm.Data.Augmentation;

namespace FrozenLm.Data.Corruptions;

/// <summary><c>brightness</c>: adds the shift to the HSV value channel (clipped) and converts back; for one channel the
/// value is the pixel itself.</summary>
internal sealed class Brightness : IImageCorruption
{
    public static readonly SeverityTable<double> Shift = new([0.05, 0.1, 0.15, 0.2, 0.3], [0.1, 0.2, 0.3, 0.4, 0.5]);

    public string Name => "brightness";

    public void Apply(Span<float> image, PlaneShape shape, int severity, CorruptionScale scale, SampleRandom rng)
    {
        var shift = (float)Shift[scale, severity];
        if (shape.Channels < 3)
        {
            for (var i = 0; i < image.Length; i++)
                image[i] = Math.Clamp(image[i] + shift, 0f, 1f);
            return;
        }
        var n = shape.Plane;
        for (var p = 0; p < n; p++)
        {
            var (r, g, b) = (image[p], image[n + p], image[2 * n + p]);
            var value = Math.Max(r, Math.Max(g, b));
            var newValue = Math.Clamp(value + shift, 0f, 1f);
            if (value <= 0)
            {
                image[p] = image[n + p] = image[2 * n + p] = newValue;
                continue;
            }
            var ratio = newValue / value;
            image[p] = Math.Clamp(r * ratio, 0f, 1f);
            image[n + p] = Math.Clamp(g * ratio, 0f, 1f);
            image[2 * n + p] = Math.Clamp(b * ratio, 0f, 1f);
        }
    }
}
