using FrozenLm.Data.Augmentation;

namespace FrozenLm.Data.Corruptions;

/// <summary><c>snow</c>: a Gaussian snow layer (mean, std), clipped-zoomed, thresholded, 8-bit, motion-blurred at an
/// angle uniform in [-135, -45] degrees; the image is brightened towards 1.5 gray + 0.5 by (1 - blend) and the layer
/// and its 180-degree rotation are added.</summary>
internal sealed class Snow : IImageCorruption
{
    public static readonly SeverityTable<(double Mean, double Std, double Zoom, double Threshold, double Radius, double Sigma, double Blend)> Settings = new(
        [(0.1, 0.2, 1, 0.6, 8, 3, 0.95), (0.1, 0.2, 1, 0.5, 10, 4, 0.9), (0.15, 0.3, 1.75, 0.55, 10, 4, 0.9),
         (0.25, 0.3, 2.25, 0.6, 12, 6, 0.85), (0.3, 0.3, 1.25, 0.65, 14, 12, 0.8)],
        [(0.1, 0.3, 3, 0.5, 10, 4, 0.8), (0.2, 0.3, 2, 0.5, 12, 4, 0.7), (0.55, 0.3, 4, 0.9, 12, 8, 0.7),
         (0.55, 0.3, 4.5, 0.85, 12, 8, 0.65), (0.55, 0.3, 2.5, 0.85, 12, 12, 0.55)]);

    public string Name => "snow";

    public void Apply(Span<float> image, PlaneShape shape, int severity, CorruptionScale scale, SampleRandom rng)
    {
        var s = Settings[scale, severity];
        var (h, w) = (shape.Height, shape.Width);
        var layer = new float[shape.Plane];
        for (var i = 0; i < layer.Length; i++)
            layer[i] = (float)(s.Mean + s.Std * rng.NextGaussian());
        var zoomed = new float[shape.Plane];
        ClippedZoom.Apply(layer, zoomed, h, w, s.Zoom);
        for (var i = 0; i < zoomed.Length; i++)
            zoomed[i] = zoomed[i] < s.Threshold ? 0f : MathF.Floor(Math.Clamp(zoomed[i], 0f, 1f) * 255f) / 255f;
        new MotionBlurKernel(s.Radius, s.Sigma, rng.Uniform(-135, -45)).Apply(zoomed, layer, h, w);
        for (var i = 0; i < layer.Length; i++)
            layer[i] = MathF.Round(layer[i] * 255f) / 255f;
        var gray = new float[shape.Plane];
        for (var p = 0; p < shape.Plane; p++)
            gray[p] = CorruptionFilters.Gray(image, shape, p) * 1.5f + 0.5f;
        for (var c = 0; c < shape.Channels; c++)
            for (var p = 0; p < shape.Plane; p++)
            {
                var i = c * shape.Plane + p;
                var x = (float)(s.Blend * image[i] + (1 - s.Blend) * Math.Max(image[i], gray[p]));
                image[i] = Math.Clamp(x + layer[p] + layer[shape.Plane - 1 - p], 0f, 1f);
            }
    }
}
