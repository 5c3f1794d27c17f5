using FrozenLm.IO;
using SkiaSharp;

namespace FrozenLm.Analysis;

/// <summary>
/// Renders a point cloud as a PNG, coloured by a per-group value in [0, 1] (e.g. a token's activation): every point
/// takes the value of its nearest group centre, centres are drawn larger. Orthographic view from azimuth 45 degrees,
/// elevation 25 degrees, y up, far points first. Colours run dark blue (0) -> green -> yellow (1).
/// </summary>
public static class PointCloudRenderer
{
    /// <param name="path">PNG to write (atomically).</param>
    /// <param name="points">Cloud [N, 3] row-major.</param>
    /// <param name="centres">Group centres [G, 3] row-major.</param>
    /// <param name="groupValues">One value per centre, clamped to [0, 1].</param>
    /// <param name="size">Image width and height in pixels.</param>
    /// <param name="title">Drawn at the top (null = none).</param>
    public static void Save(string path, ReadOnlySpan<float> points, ReadOnlySpan<float> centres, IReadOnlyList<double> groupValues,
        int size = 512, string? title = null)
    {
        var bytes = Render(points, centres, groupValues, size, title);
        AtomicFile.WriteAllBytes(path, bytes);
    }

    /// <summary>The PNG bytes of <see cref="Save"/>.</summary>
    public static byte[] Render(ReadOnlySpan<float> points, ReadOnlySpan<float> centres, IReadOnlyList<double> groupValues,
        int size = 512, string? title = null)
    {
        var g = centres.Length / 3;
        if (g == 0 || groupValues.Count != g)
            throw new ArgumentException($"{groupValues.Count} values for {g} centres");
        var n = points.Length / 3;
        var pointValue = new double[n];
        for (var i = 0; i < n; i++)
        {
            var best = 0;
            var bestD = double.MaxValue;
            for (var c = 0; c < g; c++)
            {
                var d = Sq(points[3 * i] - centres[3 * c]) + Sq(points[3 * i + 1] - centres[3 * c + 1]) + Sq(points[3 * i + 2] - centres[3 * c + 2]);
                if (d < bestD) (best, bestD) = (c, d);
            }
            pointValue[i] = groupValues[best];
        }

        var projected = Project(points);
        var projectedCentres = Project(centres);
        var all = projected.Concat(projectedCentres).ToArray();
        var (minX, maxX) = (all.Min(p => p.X), all.Max(p => p.X));
        var (minY, maxY) = (all.Min(p => p.Y), all.Max(p => p.Y));
        var span = Math.Max(Math.Max(maxX - minX, maxY - minY), 1e-6);
        var margin = size * 0.08;
        var scale = (size - 2 * margin) / span;
        SKPoint ToPixel((double X, double Y, double Depth) p) => new(
            (float)(margin + (p.X - minX) * scale + (span - (maxX - minX)) * scale / 2),
            (float)(size - margin - (p.Y - minY) * scale - (span - (maxY - minY)) * scale / 2));

        using var surface = SKSurface.Create(new SKImageInfo(size, size));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        var radius = Math.Max(1.5f, size / 220f);
        foreach (var i in Enumerable.Range(0, n).OrderBy(i => projected[i].Depth))
        {
            paint.Color = Colour(pointValue[i]);
            canvas.DrawCircle(ToPixel(projected[i]), radius, paint);
        }
        using var outline = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, Color = SKColors.Black, StrokeWidth = 1 };
        foreach (var c in Enumerable.Range(0, g).OrderBy(c => projectedCentres[c].Depth))
        {
            paint.Color = Colour(groupValues[c]);
            var at = ToPixel(projectedCentres[c]);
            canvas.DrawCircle(at, radius * 2.5f, paint);
            canvas.DrawCircle(at, radius * 2.5f, outline);
        }
        if (title is not null)
        {
            using var font = new SKFont(SKTypeface.Default, size / 28f);
            using var text = new SKPaint { IsAntialias = true, Color = SKColors.Black };
            canvas.DrawText(title, 8, size / 22f, font, text);
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Dark blue -> teal -> green -> yellow ramp for v in [0, 1] (viridis-like).</summary>
    public static SKColor Colour(double v)
    {
        v = double.IsFinite(v) ? Math.Clamp(v, 0, 1) : 0;
        (double R, double G, double B)[] stops = [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)];
        var x = v * (stops.Length - 1);
        var i = Math.Min((int)x, stops.Length - 2);
        var t = x - i;
        var (a, b) = (stops[i], stops[i + 1]);
        return new SKColor((byte)(a.R + t * (b.R - a.R)), (byte)(a.G + t * (b.G - a.G)), (byte)(a.B + t * (b.B - a.B)));
    }

    private static (double X, double Y, double Depth)[] Project(ReadOnlySpan<float> xyz)
    {
        const double az = Math.PI / 4, el = 25 * Math.PI / 180;
        var (ca, sa, ce, se) = (Math.Cos(az), Math.Sin(az), Math.Cos(el), Math.Sin(el));
        var result = new (double, double, double)[xyz.Length / 3];
        for (var i = 0; i < result.Length; i++)
        {
            var (x, y, z) = (xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
            var rx = ca * x + sa * z;
            var rz = -sa * x + ca * z;
            var ry = ce * y - se * rz;
            var depth = se * y + ce * rz;
            result[i] = (rx, ry, depth);
        }
        return result;
    }

    private static double Sq(double v) => v * v;
}
