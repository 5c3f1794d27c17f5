using FrozenLm.Data.Augmentation;

namespace FrozenLm.Data.Corruptions;

/// <summary>
/// A generated frost texture in [0, 1], CHW: dendritic ice crystals (random branching needles drawn bright over a dark
/// pane, side branches at +-60 degrees), softened by a small blur, over a faint plasma haze; RGB textures are tinted
/// pale blue like ImageNet-C's frost photographs (R 0.85, G 0.93, B 1.0).
/// </summary>
internal static class FrostTexture
{
    private static readonly float[] Tint = [0.85f, 0.93f, 1f];

    public static float[] Generate(PlaneShape shape, SampleRandom rng)
    {
        var (h, w) = (shape.Height, shape.Width);
        var pane = new float[h * w];
        var crystals = Math.Max(3, h * w / 48);
        var reach = Math.Max(4.0, 0.35 * Math.Max(h, w));
        for (var k = 0; k < crystals; k++)
            Needle(pane, h, w, rng.Uniform(0, h), rng.Uniform(0, w), rng.Uniform(0, 2 * Math.PI), reach * rng.Uniform(0.3, 1),
                (float)rng.Uniform(0.5, 1), depth: 2, rng);
        CorruptionFilters.GaussianBlur(pane, h, w, 0.5 * Math.Max(1, Math.Max(h, w) / 64.0), 4, BorderMode.Reflect);
        var haze = PlasmaFractal.Generate(PlasmaFractal.SizeFor(Math.Max(h, w)), 2.5, rng);
        var texture = new float[shape.Length];
        for (var c = 0; c < shape.Channels; c++)
        {
            var tint = shape.Channels >= 3 ? Tint[Math.Min(c, 2)] : 1f;
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                    texture[c * shape.Plane + y * w + x] =
                        Math.Clamp((pane[y * w + x] + 0.25f * (float)haze[y, x]) * tint, 0f, 1f);
        }
        return texture;
    }

    private static void Needle(float[] pane, int h, int w, double y, double x, double angle, double length, float brightness,
        int depth, SampleRandom rng)
    {
        var steps = (int)Math.Ceiling(length * 2);
        var (dy, dx) = (Math.Sin(angle) * 0.5, Math.Cos(angle) * 0.5);
        var nextBranch = rng.Uniform(0.2, 0.5) * steps;
        for (var s = 0; s < steps; s++)
        {
            var (py, px) = ((int)Math.Floor(y), (int)Math.Floor(x));
            if (py >= 0 && py < h && px >= 0 && px < w)
                pane[py * w + px] = Math.Max(pane[py * w + px], brightness * (1f - 0.5f * s / steps));
            y += dy;
            x += dx;
            if (depth > 0 && s >= nextBranch)
            {
                var side = rng.Chance(0.5) ? 1 : -1;
                Needle(pane, h, w, y, x, angle + side * Math.PI / 3, length * 0.45 * (1 - (double)s / steps), brightness * 0.8f,
                    depth - 1, rng);
                nextBranch += rng.Uniform(0.15, 0.35) * steps;
            }
        }
    }
}
