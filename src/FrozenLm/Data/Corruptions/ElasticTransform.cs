using FrozenLm.Data.Augmentation;

namespace FrozenLm.Data.Corruptions;

/// <summary>
/// <c>elastic_transform</c>: a random affine warp (three points around the centre moved uniformly by up to
/// <c>affine</c> pixels; mirrored borders), then a displacement field of Gaussian-smoothed uniform noise (sigma,
/// truncate 3) scaled by <c>alpha</c>, sampled bilinearly with reflected borders. Constants are fractions of the image
/// size (CIFAR-10-C: of 32; ImageNet-C: of 244 for 224 px images, kept as published).
/// </summary>
internal sealed class ElasticTransform : IImageCorruption
{
    public static readonly SeverityTable<(double Alpha, double Sigma, double Affine)> Fractions = new(
        [(0, 0, 0.08), (0.05, 0.2, 0.07), (0.08, 0.06, 0.06), (0.1, 0.04, 0.05), (0.1, 0.03, 0.03)],
        [(2 * 244.0 / 224, 0.7 * 244 / 224, 0.1 * 244 / 224), (2 * 244.0 / 224, 0.08 * 244 / 224, 0.2 * 244 / 224),
         (0.05 * 244 / 224, 0.01 * 244 / 224, 0.02 * 244 / 224), (0.07 * 244 / 224, 0.01 * 244 / 224, 0.02 * 244 / 224),
         (0.12 * 244 / 224, 0.01 * 244 / 224, 0.02 * 244 / 224)]);

    public string Name => "elastic_transform";

    public void Apply(Span<float> image, PlaneShape shape, int severity, CorruptionScale scale, SampleRandom rng)
    {
        var size = Math.Min(shape.Height, shape.Width);
        var f = Fractions[scale, severity];
        var (alpha, sigma, affine) = (f.Alpha * size, f.Sigma * size, f.Affine * size);
        var (h, w) = (shape.Height, shape.Width);

        var centre = (X: (double)(w / 2), Y: (double)(h / 2));
        var square = size / 3;
        (double X, double Y)[] from =
        [
            (centre.X + square, centre.Y + square), (centre.X + square, centre.Y - square), (centre.X - square, centre.Y - square),
        ];
        var to = from.Select(p => (X: p.X + rng.Uniform(-affine, affine), Y: p.Y + rng.Uniform(-affine, affine))).ToArray();
        var inverse = AffineFromPoints(to, from);
        var warped = new float[shape.Length];
        for (var c = 0; c < shape.Channels; c++)
        {
            var plane = image.Slice(c * shape.Plane, shape.Plane);
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                {
                    var sx = inverse[0] * x + inverse[1] * y + inverse[2];
                    var sy = inverse[3] * x + inverse[4] * y + inverse[5];
                    warped[c * shape.Plane + y * w + x] = CorruptionFilters.Bilinear(plane, h, w, sy, sx, BorderMode.Reflect101);
                }
        }

        var dx = Field(h, w, sigma, alpha, rng);
        var dy = Field(h, w, sigma, alpha, rng);
        for (var c = 0; c < shape.Channels; c++)
        {
            var plane = warped.AsSpan(c * shape.Plane, shape.Plane);
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                {
                    var p = y * w + x;
                    image[c * shape.Plane + p] = Math.Clamp(
                        CorruptionFilters.Bilinear(plane, h, w, y + dy[p], x + dx[p], BorderMode.Reflect), 0f, 1f);
                }
        }
    }

    private static float[] Field(int h, int w, double sigma, double alpha, SampleRandom rng)
    {
        var field = new float[h * w];
        for (var i = 0; i < field.Length; i++)
            field[i] = (float)rng.Uniform(-1, 1);
        CorruptionFilters.GaussianBlur(field, h, w, sigma, truncate: 3, BorderMode.Reflect);
        for (var i = 0; i < field.Length; i++)
            field[i] = (float)(field[i] * alpha);
        return field;
    }

    /// <summary>The affine map [a b c; d e f] taking the three points <paramref name="src"/> onto <paramref name="dst"/>
    /// (OpenCV getAffineTransform), row-major.</summary>
    public static double[] AffineFromPoints((double X, double Y)[] src, (double X, double Y)[] dst)
    {
        var (x0, y0) = src[0];
        var (x1, y1) = src[1];
        var (x2, y2) = src[2];
        var det = x0 * (y1 - y2) - y0 * (x1 - x2) + (x1 * y2 - x2 * y1);
        if (Math.Abs(det) < 1e-12)
            throw new ArgumentException("the three points are collinear");
        double[] Solve(double v0, double v1, double v2) =>
        [
            (v0 * (y1 - y2) - y0 * (v1 - v2) + (v1 * y2 - v2 * y1)) / det,
            (x0 * (v1 - v2) - v0 * (x1 - x2) + (x1 * v2 - x2 * v1)) / det,
            (x0 * (y1 * v2 - y2 * v1) - y0 * (x1 * v2 - x2 * v1) + v0 * (x1 * y2 - x2 * y1)) / det,
        ];
        var row0 = Solve(dst[0].X, dst[1].X, dst[2].X);
        var row1 = Solve(dst[0].Y, dst[1].Y, dst[2].Y);
        return [.. row0, .. row1];
    }
}
