using FrozenLm.Data.Augmentation;

namespace FrozenLm.Data.Corruptions;

/// <summary><c>zoom_blur</c>: the mean of the image and its clipped zooms by 1, 1 + step, ... below <c>end</c>
/// (numpy.arange(1, end, step), whose length is ceil((end - 1) / step) in floating point).</summary>
internal sealed class ZoomBlur : IImageCorruption
{
    public static readonly SeverityTable<(double End, double Step)> Zooms = new(
        [(1.06, 0.01), (1.11, 0.01), (1.16, 0.01), (1.21, 0.01), (1.26, 0.01)],
        [(1.11, 0.01), (1.16, 0.01), (1.21, 0.02), (1.26, 0.02), (1.31, 0.03)]);

    public string Name => "zoom_blur";

    /// <summary>The zoom factors of a severity, as numpy.arange makes them.</summary>
    public static double[] Factors(CorruptionScale scale, int severity)
    {
        var (end, step) = Zooms[scale, severity];
        var count = (int)Math.Ceiling((end - 1.0) / step);
        return Enumerable.Range(0, count).Select(i => 1.0 + i * step).ToArray();
    }

    public void Apply(Span<float> image, PlaneShape shape, int severity, CorruptionScale scale, SampleRandom rng)
    {
        var factors = Factors(scale, severity);
        var zoomed = new float[shape.Plane];
        for (var c = 0; c < shape.Channels; c++)
        {
            var plane = image.Slice(c * shape.Plane, shape.Plane);
            var src = plane.ToArray();
            var sum = src.Select(v => (double)v).ToArray();
            foreach (var factor in factors)
            {
                ClippedZoom.Apply(src, zoomed, shape.Height, shape.Width, factor);
                for (var i = 0; i < sum.Length; i++)
                    sum[i] += zoomed[i];
            }
            for (var i = 0; i < sum.Length; i++)
                plane[i] = Math.Clamp((float)(sum[i] / (factors.Length + 1)), 0f, 1f);
        }
    }
}
