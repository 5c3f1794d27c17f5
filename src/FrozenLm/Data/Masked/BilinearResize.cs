namespace FrozenLm.Data;

/// <summary>Bilinear resampling of planar float images (half-pixel centres, edge clamped), whole or by rectangle.</summary>
public static class BilinearResize
{
    /// <summary>Resizes a [channels, height, width] image to [channels, outHeight, outWidth].</summary>
    public static float[] Resize(ReadOnlySpan<float> source, int channels, int height, int width, int outHeight, int outWidth)
    {
        var result = new float[channels * outHeight * outWidth];
        Sample(source, channels, height, width, 0, 0, width, height, result, outHeight, outWidth, 0, 0, outWidth, outHeight);
        return result;
    }

    /// <summary>
    /// Samples the source rectangle (x, y, w, h in source pixels, may be fractional) into the destination rectangle
    /// (whole pixels) of a [channels, destHeight, destWidth] canvas, leaving the rest of the canvas untouched.
    /// </summary>
    public static void Sample(
        ReadOnlySpan<float> source, int channels, int height, int width,
        double srcX, double srcY, double srcW, double srcH,
        Span<float> destination, int destHeight, int destWidth,
        int dstX, int dstY, int dstW, int dstH)
    {
        if (source.Length != channels * height * width || destination.Length != channels * destHeight * destWidth)
            throw new ArgumentException("buffer sizes do not match the given shapes");
        if (dstX < 0 || dstY < 0 || dstW <= 0 || dstH <= 0 || dstX + dstW > destWidth || dstY + dstH > destHeight)
            throw new ArgumentException("destination rectangle is outside the canvas or empty");
        var sx = srcW / dstW;
        var sy = srcH / dstH;
        for (var y = 0; y < dstH; y++)
        {
            var v = Math.Clamp(srcY + (y + 0.5) * sy - 0.5, 0, height - 1);
            var y0 = (int)Math.Floor(v);
            var y1 = Math.Min(y0 + 1, height - 1);
            var fy = (float)(v - y0);
            for (var x = 0; x < dstW; x++)
            {
                var u = Math.Clamp(srcX + (x + 0.5) * sx - 0.5, 0, width - 1);
                var x0 = (int)Math.Floor(u);
                var x1 = Math.Min(x0 + 1, width - 1);
                var fx = (float)(u - x0);
                for (var c = 0; c < channels; c++)
                {
                    var plane = c * height * width;
                    var top = source[plane + y0 * width + x0] * (1 - fx) + source[plane + y0 * width + x1] * fx;
                    var bottom = source[plane + y1 * width + x0] * (1 - fx) + source[plane + y1 * width + x1] * fx;
                    destination[c * destHeight * destWidth + (dstY + y) * destWidth + dstX + x] = top * (1 - fy) + bottom * fy;
                }
            }
        }
    }
}
