namespace FrozenLm.Data.Augmentation;

/// <summary>Bilinear resampling of float CHW images (pixel centres at +0.5, like align_corners=false).</summary>
internal static class Resampling
{
    /// <summary>Resizes the whole source image to <paramref name="dstH"/> x <paramref name="dstW"/>.</summary>
    public static void Resize(ReadOnlySpan<float> src, int channels, int srcH, int srcW, Span<float> dst, int dstH, int dstW)
    {
        if (srcH == dstH && srcW == dstW)
        {
            src[..(channels * srcH * srcW)].CopyTo(dst);
            return;
        }
        ResizeRegion(src, channels, srcH, srcW, 0, 0, srcH, srcW, dst, dstH, dstW);
    }

    /// <summary>Resamples the region (top, left, height, width) of the source, in source pixels, to the destination size.</summary>
    public static void ResizeRegion(ReadOnlySpan<float> src, int channels, int srcH, int srcW,
        double top, double left, double height, double width, Span<float> dst, int dstH, int dstW)
    {
        Span<int> x0 = dstW <= 1024 ? stackalloc int[dstW] : new int[dstW];
        Span<int> x1 = dstW <= 1024 ? stackalloc int[dstW] : new int[dstW];
        Span<float> fx = dstW <= 1024 ? stackalloc float[dstW] : new float[dstW];
        var scaleX = width / dstW;
        for (var x = 0; x < dstW; x++)
            Axis(left + (x + 0.5) * scaleX - 0.5, srcW, out x0[x], out x1[x], out fx[x]);
        var scaleY = height / dstH;
        var srcPlane = srcH * srcW;
        var dstPlane = dstH * dstW;
        for (var y = 0; y < dstH; y++)
        {
            Axis(top + (y + 0.5) * scaleY - 0.5, srcH, out var y0, out var y1, out var fy);
            for (var c = 0; c < channels; c++)
            {
                var row0 = src.Slice(c * srcPlane + y0 * srcW, srcW);
                var row1 = src.Slice(c * srcPlane + y1 * srcW, srcW);
                var outRow = dst.Slice(c * dstPlane + y * dstW, dstW);
                for (var x = 0; x < dstW; x++)
                {
                    var a = row0[x0[x]] + (row0[x1[x]] - row0[x0[x]]) * fx[x];
                    var b = row1[x0[x]] + (row1[x1[x]] - row1[x0[x]]) * fx[x];
                    outRow[x] = a + (b - a) * fy;
                }
            }
        }
    }

    private static void Axis(double position, int size, out int i0, out int i1, out float frac)
    {
        if (position <= 0)
        {
            i0 = i1 = 0;
            frac = 0;
            return;
        }
        if (position >= size - 1)
        {
            i0 = i1 = size - 1;
            frac = 0;
            return;
        }
        i0 = (int)position;
        i1 = i0 + 1;
        frac = (float)(position - i0);
    }
}
