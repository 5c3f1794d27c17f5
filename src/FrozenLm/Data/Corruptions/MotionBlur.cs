using FrozenLm.Data.Augmentation;

namespace FrozenLm.Data.Corruptions;

/// <summary><c>motion_blur</c>: ImageMagick's motion blur (<see cref="MotionBlurKernel"/>) of radius and sigma, at an
/// angle uniform in [-45, 45] degrees.</summary>
internal sealed class MotionBlur : IImageCorruption
{
    public static readonly SeverityTable<(double Radius, double Sigma)> Settings = new(
        [(6, 1), (6, 1.5), (6, 2), (8, 2), (9, 2.5)],
        [(10, 3), (15, 5), (15, 8), (15, 12), (20, 15)]);

    public string Name => "motion_blur";

    public void Apply(Span<float> image, PlaneShape shape, int severity, CorruptionScale scale, SampleRandom rng)
    {
        var (radius, sigma) = Settings[scale, severity];
        var kernel = new MotionBlurKernel(radius, sigma, rng.Uniform(-45, 45));
        var src = image.ToArray();
        for (var c = 0; c < shape.Channels; c++)
            kernel.Apply(src.AsSpan(c * shape.Plane, shape.Plane), image.Slice(c * shape.Plane, shape.Plane), shape.Height, shape.Width);
        CorruptionFilters.Clip(image);
    }
}
