namespace FrozenLm.Data.Corruptions;

/// <summary>
/// The image operations the corruptions share, on single float planes (row-major H x W): border indexing, separable
/// Gaussian filtering (scipy/skimage semantics), 2-D convolution, bilinear sampling, clipping.
/// </summary>
internal static class CorruptionFilters
{
    /// <summary>Maps index <paramref name="i"/> into [0, n) by <paramref name="mode"/>.</summary>
    public static int Index(int i, int n, BorderMode mode)
    {
        if ((uint)i < (uint)n)
            return i;
        if (n == 1)
            return 0;
        switch (mode)
        {
            case BorderMode.Nearest:
                return i < 0 ? 0 : n - 1;
            case BorderMode.Reflect:
            {
                var period = 2 * n;
                var m = ((i % period) + period) % period;
                return m < n ? m : period - 1 - m;
            }
            default:
            {
                var period = 2 * n - 2;
                var m = ((i % period) + period) % period;
                return m < n ? m : period - m;
            }
        }
    }

    /// <summary>Normalised 1-D Gaussian weights of radius int(truncate * sigma + 0.5) (scipy's gaussian_filter kernel).</summary>
    public static double[] GaussianKernel(double sigma, double truncate)
    {
        var radius = (int)(truncate * sigma + 0.5);
        var kernel = new double[2 * radius + 1];
        var sum = 0.0;
        for (var i = -radius; i <= radius; i++)
            sum += kernel[i + radius] = Math.Exp(-0.5 * i * i / (sigma * sigma));
        for (var i = 0; i < kernel.Length; i++)
            kernel[i] /= sum;
        return kernel;
    }

    /// <summary>Separable Gaussian blur of one plane in place; sigma 0 leaves it unchanged.</summary>
    public static void GaussianBlur(Span<float> plane, int height, int width, double sigma, double truncate, BorderMode mode)
    {
        if (sigma <= 0)
            return;
        var kernel = GaussianKernel(sigma, truncate);
        var radius = kernel.Length / 2;
        var tmp = new float[plane.Length];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var acc = 0.0;
                for (var k = -radius; k <= radius; k++)
                    acc += kernel[k + radius] * plane[y * width + Index(x + k, width, mode)];
                tmp[y * width + x] = (float)acc;
            }
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var acc = 0.0;
                for (var k = -radius; k <= radius; k++)
                    acc += kernel[k + radius] * tmp[Index(y + k, height, mode) * width + x];
                plane[y * width + x] = (float)acc;
            }
    }

    /// <summary>Gaussian blur of every channel of a CHW image.</summary>
    public static void GaussianBlur(Span<float> image, PlaneShape shape, double sigma, double truncate, BorderMode mode)
    {
        for (var c = 0; c < shape.Channels; c++)
            GaussianBlur(image.Slice(c * shape.Plane, shape.Plane), shape.Height, shape.Width, sigma, truncate, mode);
    }

    /// <summary>Correlates one plane with a square kernel (centred; OpenCV filter2D), writing into <paramref name="dst"/>.</summary>
    public static void Correlate(ReadOnlySpan<float> src, Span<float> dst, int height, int width, double[,] kernel, BorderMode mode)
    {
        var kh = kernel.GetLength(0);
        var kw = kernel.GetLength(1);
        var cy = kh / 2;
        var cx = kw / 2;
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var acc = 0.0;
                for (var i = 0; i < kh; i++)
                {
                    var row = Index(y + i - cy, height, mode) * width;
                    for (var j = 0; j < kw; j++)
                        acc += kernel[i, j] * src[row + Index(x + j - cx, width, mode)];
                }
                dst[y * width + x] = (float)acc;
            }
    }

    /// <summary>Bilinear sample of a plane at (row, column) in pixel coordinates, reading outside by <paramref name="mode"/>.</summary>
    public static float Bilinear(ReadOnlySpan<float> plane, int height, int width, double row, double column, BorderMode mode)
    {
        var y0 = (int)Math.Floor(row);
        var x0 = (int)Math.Floor(column);
        var fy = row - y0;
        var fx = column - x0;
        var ya = Index(y0, height, mode) * width;
        var yb = Index(y0 + 1, height, mode) * width;
        var xa = Index(x0, width, mode);
        var xb = Index(x0 + 1, width, mode);
        var top = plane[ya + xa] + (plane[ya + xb] - plane[ya + xa]) * fx;
        var bottom = plane[yb + xa] + (plane[yb + xb] - plane[yb + xa]) * fx;
        return (float)(top + (bottom - top) * fy);
    }

    /// <summary>Clips every value to [0, 1].</summary>
    public static void Clip(Span<float> image)
    {
        for (var i = 0; i < image.Length; i++)
            image[i] = Math.Clamp(image[i], 0f, 1f);
    }

    /// <summary>ITU-R 601 luma (OpenCV RGB2GRAY) of pixel <paramref name="p"/>; the value itself for one channel.</summary>
    public static float Gray(ReadOnlySpan<float> image, PlaneShape shape, int p) => shape.Channels >= 3
        ? 0.299f * image[p] + 0.587f * image[shape.Plane + p] + 0.114f * image[2 * shape.Plane + p]
        : image[p];
}
