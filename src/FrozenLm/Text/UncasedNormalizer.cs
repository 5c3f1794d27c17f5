using System.Globalization;
using System.Reflection;
using System.Text;

namespace FrozenLm.Text;

/// <summary>
/// Hugging Face's uncased normalisation: lower-case, canonical decomposition (NFD), non-spacing marks removed. The
/// process runs with invariant globalization, where <see cref="string.Normalize()"/> leaves non-ASCII text as it is,
/// so the decompositions come from an embedded table (<c>Data/canonical-decompositions.txt</c>, Python's
/// unicodedata) and Hangul syllables decompose algorithmically.
/// </summary>
internal static class UncasedNormalizer
{
    private const int HangulBase = 0xAC00, HangulCount = 11172, LeadBase = 0x1100, VowelBase = 0x1161, TrailBase = 0x11A7;
    private const int VowelCount = 21, TrailCount = 28;

    private static readonly Lazy<Dictionary<int, int[]>> Table = new(Load);

    public static string Normalize(string text)
    {
        var lower = text.ToLowerInvariant();
        var builder = new StringBuilder(lower.Length);
        foreach (var rune in lower.EnumerateRunes())
        {
            if (rune.Value is >= HangulBase and < HangulBase + HangulCount)
            {
                var s = rune.Value - HangulBase;
                builder.Append((char)(LeadBase + s / (VowelCount * TrailCount)));
                builder.Append((char)(VowelBase + s % (VowelCount * TrailCount) / TrailCount));
                if (s % TrailCount != 0)
                    builder.Append((char)(TrailBase + s % TrailCount));
            }
            else if (Table.Value.TryGetValue(rune.Value, out var parts))
            {
                foreach (var part in parts)
                    AppendUnlessMark(builder, new Rune(part));
            }
            else
            {
                AppendUnlessMark(builder, rune);
            }
        }
        return builder.ToString();
    }

    private static void AppendUnlessMark(StringBuilder builder, Rune rune)
    {
        if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.NonSpacingMark)
            builder.Append(rune.ToString());
    }

    private static Dictionary<int, int[]> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("FrozenLm.Text.canonical-decompositions.txt")
            ?? throw new InvalidOperationException("the canonical decomposition table is not embedded");
        using var reader = new StreamReader(stream);
        var table = new Dictionary<int, int[]>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
                continue;
            var tab = line.IndexOf('\t');
            table[int.Parse(line.AsSpan(0, tab), NumberStyles.HexNumber, CultureInfo.InvariantCulture)] =
                [.. line[(tab + 1)..].Split(' ').Select(p => int.Parse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture))];
        }
        return table;
    }
}
