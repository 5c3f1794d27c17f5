using FrozenLm.Data.Augmentation;

namespace FrozenLm.Data.Corruptions;

/// <summary><c>contrast</c>: (x - mean) x factor + mean per channel (mean over the image), clipped.</summary>
internal sealed class Contrast : IImageCorruption
{
    public static readonly SeverityTable<double> Factor = new([0.75, 0.5, 0.4, 0.3, 0.15], [0.4, 0.3, 0.2, 0.1, 0.05]);

    public string Name => "contrast";

    public void Apply(Span<float> image, PlaneShape shape, int severity, CorruptionScale scale, SampleRandom rng)
    {
        var factor = Factor[scale, severity];
        for (var c = 0; c < shape.Channels; c++)
        {
            var plane = image.Slice(c * shape.Plane, shape.Plane);
            var mean = 0.0;
            foreach (var v in plane)
                mean += v;
            mean /= plane.Length;
            for (var i = 0; i < plane.Length; i++)
                plane[i] = Math.Clamp((float)((plane[i] - mean) * factor + mean), 0f, 1f);
        }
    }
}
