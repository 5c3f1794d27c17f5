using FrozenLm.Data.Augmentation;

namespace FrozenLm.Data.Corruptions;

/// <summary><c>pixelate</c>: box-filter resize (PIL Image.BOX) down to int(size x factor), then back up.</summary>
internal sealed class Pixelate : IImageCorruption
{
    public static readonly SeverityTable<double> Factor = new([0.95, 0.9, 0.85, 0.75, 0.65], [0.6, 0.5, 0.4, 0.3, 0.25]);

    public string Name => "pixelate";

    public void Apply(Span<float> image, PlaneShape shape, int severity, CorruptionScale scale, SampleRandom rng)
    {
        var factor = Factor[scale, severity];
        var small = new PlaneShape(shape.Channels, Math.Max(1, (int)(shape.Height * factor)), Math.Max(1, (int)(shape.Width * factor)));
        var reduced = BoxResize(image, shape, small);
        BoxResize(reduced, small, shape).CopyTo(image);
    }

    /// <summary>PIL's BOX resampling: each output pixel averages the input pixels whose centres fall in its footprint
    /// (width max(1, in / out) input pixels around the output pixel's centre).</summary>
    public static float[] BoxResize(ReadOnlySpan<float> src, PlaneShape from, PlaneShape to)
    {
        var rows = Weights(from.Height, to.Height);
        var cols = Weights(from.Width, to.Width);
        var dst = new float[to.Length];
        for (var c = 0; c < from.Channels; c++)
            for (var y = 0; y < to.Height; y++)
                for (var x = 0; x < to.Width; x++)
                {
                    var acc = 0.0;
                    foreach (var (iy, wy) in rows[y])
                        foreach (var (ix, wx) in cols[x])
                            acc += wy * wx * src[c * from.Plane + iy * from.Width + ix];
                    dst[c * to.Plane + y * to.Width + x] = (float)acc;
                }
        return dst;
    }

    private static List<(int Index, double Weight)>[] Weights(int inSize, int outSize)
    {
        var scale = (double)inSize / outSize;
        var support = Math.Max(scale, 1.0);
        var result = new List<(int, double)>[outSize];
        for (var o = 0; o < outSize; o++)
        {
            var centre = (o + 0.5) * scale;
            var taps = new List<(int, double)>();
            for (var i = Math.Max(0, (int)Math.Floor(centre - support)); i < Math.Min(inSize, (int)Math.Ceiling(centre + support) + 1); i++)
            {
                var t = (i + 0.5 - centre) / support;
                if (t >= -0.5 && t < 0.5)
                    taps.Add((i, 1.0));
            }
            if (taps.Count == 0)
                taps.Add((Math.Clamp((int)centre, 0, inSize - 1), 1.0));
            result[o] = taps.Select(t => (t.Item1, t.Item2 / taps.Count)).ToList();
        }
        return result;
    }
}
