using FrozenLm.Data.Augmentation;

namespace FrozenLm.Data.Corruptions;

/// <summary><c>defocus_blur</c>: convolution with an anti-aliased disk (radius, then a 3x3 or 5x5 Gaussian of sigma
/// alias_blur over the disk), borders mirrored (OpenCV BORDER_REFLECT_101).</summary>
internal sealed class DefocusBlur : IImageCorruption
{
    public static readonly SeverityTable<(double Radius, double AliasBlur)> Disk = new(
        [(0.3, 0.4), (0.4, 0.5), (0.5, 0.6), (1, 0.2), (1.5, 0.1)],
        [(3, 0.1), (4, 0.5), (6, 0.5), (8, 0.5), (10, 0.5)]);

    public string Name => "defocus_blur";

    public void Apply(Span<float> image, PlaneShape shape, int severity, CorruptionScale scale, SampleRandom rng)
    {
        var (radius, alias) = Disk[scale, severity];
        var kernel = Kernel(radius, alias);
        var src = image.ToArray();
        for (var c = 0; c < shape.Channels; c++)
            CorruptionFilters.Correlate(src.AsSpan(c * shape.Plane, shape.Plane), image.Slice(c * shape.Plane, shape.Plane),
                shape.Height, shape.Width, kernel, BorderMode.Reflect101);
        CorruptionFilters.Clip(image);
    }

    /// <summary>The disk of <paramref name="radius"/> on a grid of half-width max(8, radius), smoothed by a Gaussian
    /// (3x3 up to radius 8, else 5x5) of sigma <paramref name="aliasBlur"/>, normalised to sum 1.</summary>
    public static double[,] Kernel(double radius, double aliasBlur)
    {
        var half = radius <= 8 ? 8 : (int)Math.Ceiling(radius);
        var n = 2 * half + 1;
        var disk = new float[n * n];
        for (var y = -half; y <= half; y++)
            for (var x = -half; x <= half; x++)
                disk[(y + half) * n + x + half] = x * x + y * y <= radius * radius ? 1f : 0f;
        var ksize = radius <= 8 ? 3 : 5;
        var small = new double[ksize];
        var sum = 0.0;
        for (var i = 0; i < ksize; i++)
        {
            var d = i - ksize / 2;
            sum += small[i] = Math.Exp(-d * d / (2 * aliasBlur * aliasBlur));
        }
        var k2 = new double[ksize, ksize];
        for (var i = 0; i < ksize; i++)
            for (var j = 0; j < ksize; j++)
                k2[i, j] = small[i] * small[j] / (sum * sum);
        var smoothed = new float[n * n];
        CorruptionFilters.Correlate(disk, smoothed, n, n, k2, BorderMode.Reflect101);
        var total = smoothed.Sum(v => (double)v);
        var kernel = new double[n, n];
        for (var y = 0; y < n; y++)
            for (var x = 0; x < n; x++)
                kernel[y, x] = smoothed[y * n + x] / total;
        return kernel;
    }
}
