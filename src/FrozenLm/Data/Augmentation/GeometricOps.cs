namespace FrozenLm.Data.Augmentation;

/// <summary>Flip, crop-region sampling and affine warps on float CHW images.</summary>
internal static class GeometricOps
{
    public static void FlipHorizontal(Span<float> image, int channels, int height, int width)
    {
        for (var row = 0; row < channels * height; row++)
            image.Slice(row * width, width).Reverse();
    }

    /// <summary>
    /// Samples a random resized crop region (torchvision's rule: area fraction in [minScale, 1], log-uniform aspect
    /// ratio in [3/4, 4/3], ten tries, then the whole image).
    /// </summary>
    public static (double Top, double Left, double Height, double Width) SampleCrop(SampleRandom rng, int height, int width, double minScale)
    {
        var area = (double)height * width;
        var logLow = Math.Log(3.0 / 4.0);
        var logHigh = Math.Log(4.0 / 3.0);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var target = area * rng.Uniform(minScale, 1.0);
            var ratio = Math.Exp(rng.Uniform(logLow, logHigh));
            var w = (int)Math.Round(Math.Sqrt(target * ratio));
            var h = (int)Math.Round(Math.Sqrt(target / ratio));
            if (w > 0 && h > 0 && w <= width && h <= height)
                return (rng.NextInt(0, height - h), rng.NextInt(0, width - w), h, w);
        }
        return (0, 0, height, width);
    }

    /// <summary>
    /// Output pixel (x, y) samples the source at A * (x - cx, y - cy) + (cx + tx, cy + ty), bilinearly; outside the
    /// image the channel's <paramref name="fill"/> value is used.
    /// </summary>
    public static void Warp(ReadOnlySpan<float> src, Span<float> dst, int channels, int height, int width,
        double a, double b, double tx, double d, double e, double ty, ReadOnlySpan<float> fill)
    {
        var cx = (width - 1) * 0.5;
        var cy = (height - 1) * 0.5;
        var plane = height * width;
        for (var y = 0; y < height; y++)
        {
            var ry = y - cy;
            var sx = a * -cx + b * ry + cx + tx;
            var sy = d * -cx + e * ry + cy + ty;
            for (var x = 0; x < width; x++, sx += a, sy += d)
            {
                var x0 = (int)Math.Floor(sx);
                var y0 = (int)Math.Floor(sy);
                var fx = (float)(sx - x0);
                var fy = (float)(sy - y0);
                var outIndex = y * width + x;
                if ((uint)x0 < (uint)(width - 1) && (uint)y0 < (uint)(height - 1))
                {
                    var p = y0 * width + x0;
                    for (var c = 0; c < channels; c++)
                    {
                        var channel = src.Slice(c * plane, plane);
                        var top = channel[p] + (channel[p + 1] - channel[p]) * fx;
                        var bottom = channel[p + width] + (channel[p + width + 1] - channel[p + width]) * fx;
                        dst[c * plane + outIndex] = top + (bottom - top) * fy;
                    }
                    continue;
                }
                for (var c = 0; c < channels; c++)
                {
                    var channel = src.Slice(c * plane, plane);
                    var f = fill[c];
                    var v00 = At(channel, height, width, y0, x0, f);
                    var v01 = At(channel, height, width, y0, x0 + 1, f);
                    var v10 = At(channel, height, width, y0 + 1, x0, f);
                    var v11 = At(channel, height, width, y0 + 1, x0 + 1, f);
                    var top = v00 + (v01 - v00) * fx;
                    var bottom = v10 + (v11 - v10) * fx;
                    dst[c * plane + outIndex] = top + (bottom - top) * fy;
                }
            }
        }
    }

    private static float At(ReadOnlySpan<float> channel, int height, int width, int y, int x, float fill) =>
        (uint)y < (uint)height && (uint)x < (uint)width ? channel[y * width + x] : fill;
}
