namespace FrozenLm.Data.Corruptions;

/// <summary>
/// ImageNet-C's clipped zoom: crop the centre 1/factor of a plane (ceil), scale it back up by the factor with linear
/// interpolation (scipy.ndimage.zoom order 1: output i reads input i * (n_in - 1) / (n_out - 1)), trim to the
/// original size around the centre.
/// </summary>
internal static class ClippedZoom
{
    public static void Apply(ReadOnlySpan<float> src, Span<float> dst, int height, int width, double factor)
    {
        var (rowMap, rowFrac) = Axis(height, factor);
        var (colMap, colFrac) = Axis(width, factor);
        for (var y = 0; y < height; y++)
        {
            var r0 = rowMap[y];
            var r1 = Math.Min(r0 + 1, height - 1);
            for (var x = 0; x < width; x++)
            {
                var c0 = colMap[x];
                var c1 = Math.Min(c0 + 1, width - 1);
                var top = src[r0 * width + c0] + (src[r0 * width + c1] - src[r0 * width + c0]) * colFrac[x];
                var bottom = src[r1 * width + c0] + (src[r1 * width + c1] - src[r1 * width + c0]) * colFrac[x];
                dst[y * width + x] = (float)(top + (bottom - top) * rowFrac[y]);
            }
        }
    }

    /// <summary>For each output index along an axis of length n: the source index below it and the fraction.</summary>
    private static (int[] Index, double[] Fraction) Axis(int n, double factor)
    {
        var crop = (int)Math.Ceiling(n / factor);
        var start = (n - crop) / 2;
        var zoomed = (int)Math.Round(crop * factor, MidpointRounding.ToEven);
        var trim = (zoomed - n) / 2;
        var index = new int[n];
        var fraction = new double[n];
        for (var i = 0; i < n; i++)
        {
            var o = i + trim;
            var position = zoomed > 1 ? o * (crop - 1.0) / (zoomed - 1.0) : 0;
            var floor = Math.Min((int)Math.Floor(position), crop - 1);
            index[i] = start + floor;
            fraction[i] = position - floor;
        }
        return (index, fraction);
    }
}
