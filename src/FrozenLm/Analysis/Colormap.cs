namespace FrozenLm.Analysis;

/// <summary>A perceptually ordered blue-cyan-yellow-red colormap for maps in [0, 1] (jet-like, without the dark ends).</summary>
public static class Colormap
{
    private static readonly (double At, byte R, byte G, byte B)[] Stops =
    [
        (0.00, 48, 18, 140),
        (0.25, 30, 136, 229),
        (0.50, 40, 220, 150),
        (0.75, 250, 210, 40),
        (1.00, 215, 30, 30),
    ];

    /// <summary>The colour of value <paramref name="v"/> (clamped to [0, 1]; NaN maps to 0).</summary>
    public static (byte R, byte G, byte B) Color(float v)
    {
        var x = float.IsNaN(v) ? 0 : Math.Clamp(v, 0f, 1f);
        for (var i = 1; i < Stops.Length; i++)
        {
            if (x <= Stops[i].At)
            {
                var a = Stops[i - 1];
                var b = Stops[i];
                var t = (x - a.At) / (b.At - a.At);
                return (Lerp(a.R, b.R, t), Lerp(a.G, b.G, t), Lerp(a.B, b.B, t));
            }
        }
        var last = Stops[^1];
        return (last.R, last.G, last.B);
    }

    private static byte Lerp(byte a, byte b, double t) => (byte)Math.Round(a + (b - a) * t);
}
