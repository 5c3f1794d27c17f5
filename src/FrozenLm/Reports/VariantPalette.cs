using System.Globalization;
using FrozenLm.Comparison;

namespace FrozenLm.Reports;

/// <summary>
/// The colours of a comparison's rows: a bare variant keeps its fixed colour (<see cref="VariantColors"/>); a spec
/// with options (<c>frozen:layers=3</c>) gets a shade of its variant's colour, lighter or darker and slightly turned,
/// different from every other row's, so the table and every plot read together.
/// </summary>
public sealed class VariantPalette
{
    private static readonly (double Lightness, double Hue)[] Shades =
    [
        (+0.16, +12), (-0.14, -12), (+0.28, +24), (-0.24, -24), (+0.36, +6), (-0.30, -6), (+0.08, +30), (-0.08, -30),
    ];

    private const double MinLightness = 0.18;
    private const double MaxLightness = 0.84;

    private readonly Dictionary<string, string> _hex;

    private VariantPalette(Dictionary<string, string> hex) => _hex = hex;

    /// <summary>Colours for <paramref name="variants"/> (canonical spec names), distinct per row.</summary>
    public static VariantPalette For(IReadOnlyList<string> variants)
    {
        var hex = new Dictionary<string, string>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var specs = variants.Distinct().Select(v => (Name: v, Spec: VariantSpec.TryParse(v))).ToList();
        foreach (var (name, spec) in specs.Where(s => s.Spec is null || s.Spec.IsPlain))
        {
            hex[name] = VariantColors.Hex(name);
            used.Add(hex[name]);
        }
        foreach (var group in specs.Where(s => s.Spec is { IsPlain: false }).GroupBy(s => s.Spec!.Base))
        {
            var (h, s, l) = ToHsl(VariantColors.Hex(group.Key));
            var k = 0;
            foreach (var (name, _) in group)
            {
                var (dl, dh) = Shades[k % Shades.Length];
                var round = k / Shades.Length;
                k++;
                var candidate = "";
                for (var attempt = 0; candidate.Length == 0 || used.Contains(candidate); attempt++)
                {
                    // A taken colour is nudged: the hue turns a little and the lightness steps to either side.
                    var nudge = (attempt % 2 == 0 ? 1 : -1) * 0.012 * ((attempt + 1) / 2);
                    candidate = FromHsl(h + dh + 7 * round + 5 * attempt, s,
                        Math.Clamp(l + dl * Math.Max(0.2, 1 - 0.2 * round) + nudge, MinLightness, MaxLightness));
                }
                hex[name] = candidate;
                used.Add(candidate);
            }
        }
        return new VariantPalette(hex);
    }

    /// <summary>The row's colour as "#rrggbb"; a name outside the palette gets its variant's fixed colour.</summary>
    public string Hex(string variant) => _hex.TryGetValue(variant, out var hex) ? hex : VariantColors.Hex(variant);

    public ScottPlot.Color Plot(string variant) => ScottPlot.Color.FromHex(Hex(variant));

    /// <summary>Hue in degrees [0, 360), saturation and lightness in [0, 1].</summary>
    internal static (double H, double S, double L) ToHsl(string hex)
    {
        var r = int.Parse(hex.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
        var g = int.Parse(hex.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
        var b = int.Parse(hex.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
        var max = Math.Max(r, Math.Max(g, b));
        var min = Math.Min(r, Math.Min(g, b));
        var l = (max + min) / 2;
        var c = max - min;
        if (c == 0)
            return (0, 0, l);
        var s = c / (1 - Math.Abs(2 * l - 1));
        var h = max == r ? 60 * ((g - b) / c % 6) : max == g ? 60 * ((b - r) / c + 2) : 60 * ((r - g) / c + 4);
        return ((h + 360) % 360, s, l);
    }

    internal static string FromHsl(double h, double s, double l)
    {
        h = (h % 360 + 360) % 360;
        var c = (1 - Math.Abs(2 * l - 1)) * s;
        var x = c * (1 - Math.Abs(h / 60 % 2 - 1));
        var m = l - c / 2;
        var (r, g, b) = (int)(h / 60) switch
        {
            0 => (c, x, 0.0),
            1 => (x, c, 0.0),
            2 => (0.0, c, x),
            3 => (0.0, x, c),
            4 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        static int Byte(double v) => (int)Math.Round(Math.Clamp(v, 0, 1) * 255);
        return string.Create(CultureInfo.InvariantCulture, $"#{Byte(r + m):x2}{Byte(g + m):x2}{Byte(b + m):x2}");
    }
}
