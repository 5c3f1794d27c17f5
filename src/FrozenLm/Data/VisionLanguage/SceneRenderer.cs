namespace FrozenLm.Data.VisionLanguage;

/// <summary>
/// Rasterises a <see cref="Scene"/> into an RGB image [3, S, S] in [0, 1] on a grey background, objects drawn in order
/// (later over earlier) with 2 x 2 supersampling at the edges; also gives which object owns each pixel (occlusion).
/// </summary>
public static class SceneRenderer
{
    private static readonly (double X, double Y)[] SubPixels = [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)];

    /// <summary>The scene as [3, size, size] floats in [0, 1].</summary>
    public static float[] Render(Scene scene, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 8);
        var plane = size * size;
        var pixels = new float[3 * plane];
        Array.Fill(pixels, SceneVocabulary.Background);
        foreach (var o in scene.Objects)
        {
            var rgb = SceneVocabulary.ColourRgb[o.Colour];
            var (x0, x1, y0, y1) = Bounds(o, size);
            for (var y = y0; y <= y1; y++)
            for (var x = x0; x <= x1; x++)
            {
                var covered = 0;
                foreach (var (sx, sy) in SubPixels)
                    if (Inside(o, (x + sx) / size, (y + sy) / size))
                        covered++;
                if (covered == 0)
                    continue;
                var a = covered / (float)SubPixels.Length;
                var p = y * size + x;
                for (var c = 0; c < 3; c++)
                    pixels[c * plane + p] = pixels[c * plane + p] * (1 - a) + rgb[c] * a;
            }
        }
        return pixels;
    }

    /// <summary>Per pixel (row-major, size x size), the index of the topmost object whose shape covers its centre, or -1.</summary>
    public static int[] Owners(Scene scene, int size)
    {
        var owners = new int[size * size];
        Array.Fill(owners, -1);
        for (var i = 0; i < scene.Objects.Count; i++)
        {
            var o = scene.Objects[i];
            var (x0, x1, y0, y1) = Bounds(o, size);
            for (var y = y0; y <= y1; y++)
            for (var x = x0; x <= x1; x++)
                if (Inside(o, (x + 0.5) / size, (y + 0.5) / size))
                    owners[y * size + x] = i;
        }
        return owners;
    }

    /// <summary>Pixels whose centre the shape covers when nothing occludes it.</summary>
    public static int Area(SceneObject o, int size)
    {
        var (x0, x1, y0, y1) = Bounds(o, size);
        var n = 0;
        for (var y = y0; y <= y1; y++)
        for (var x = x0; x <= x1; x++)
            if (Inside(o, (x + 0.5) / size, (y + 0.5) / size))
                n++;
        return n;
    }

    /// <summary>Whether the point (<paramref name="px"/>, <paramref name="py"/>), normalised, lies inside the object's shape.</summary>
    public static bool Inside(SceneObject o, double px, double py)
    {
        var r = o.Radius;
        var dx = (px - o.X) / r;
        var dy = (py - o.Y) / r;
        return o.Shape switch
        {
            SceneShape.Circle => dx * dx + dy * dy <= 1,
            SceneShape.Square => Math.Abs(dx) <= 0.85 && Math.Abs(dy) <= 0.85,
            SceneShape.Diamond => Math.Abs(dx) + Math.Abs(dy) <= 1.05,
            SceneShape.Cross => (Math.Abs(dx) <= 0.34 && Math.Abs(dy) <= 1) || (Math.Abs(dy) <= 0.34 && Math.Abs(dx) <= 1),
            SceneShape.Triangle => dy <= 0.8 && dy >= -1 && Math.Abs(dx) <= (dy + 1) / 1.8,
            _ => false,
        };
    }

    private static (int X0, int X1, int Y0, int Y1) Bounds(SceneObject o, int size)
    {
        var r = o.Radius * 1.1;
        return (Math.Max(0, (int)Math.Floor((o.X - r) * size)), Math.Min(size - 1, (int)Math.Ceiling((o.X + r) * size)),
            Math.Max(0, (int)Math.Floor((o.Y - r) * size)), Math.Min(size - 1, (int)Math.Ceiling((o.Y + r) * size)));
    }
}
