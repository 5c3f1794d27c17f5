using SkiaSharp;

namespace FrozenLm.Analysis;

/// <summary>
/// Finds a TrueType font file for labels in rendered figures. SkiaSharp's dependency-free Linux build has no
/// fontconfig, so the usual system folders are searched for a common sans-serif face.
/// </summary>
public static class FontLocator
{
    private static readonly string[] Preferred =
        ["DejaVuSans.ttf", "LiberationSans-Regular.ttf", "Arial.ttf", "arial.ttf", "Helvetica.ttc", "NotoSans-Regular.ttf"];

    private static readonly Lazy<string?> Found = new(Search);

    /// <summary>Path of a usable font file, or null when the machine has none.</summary>
    public static string? FontPath => Found.Value;

    /// <summary>A typeface for labels: the found font file, else Skia's default (which may render no glyphs).</summary>
    public static SKTypeface Typeface()
    {
        var path = FontPath;
        return (path is null ? null : SKTypeface.FromFile(path)) ?? SKTypeface.Default;
    }

    private static string? Search()
    {
        string[] roots =
        [
            "/usr/share/fonts", "/usr/local/share/fonts",
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".fonts"),
            Environment.GetFolderPath(Environment.SpecialFolder.Fonts),
            "/System/Library/Fonts", "/Library/Fonts",
        ];
        var candidates = new List<string>();
        foreach (var root in roots.Where(r => !string.IsNullOrEmpty(r) && Directory.Exists(r)))
        {
            try
            {
                candidates.AddRange(Directory.EnumerateFiles(root, "*.tt?", SearchOption.AllDirectories));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        foreach (var name in Preferred)
        {
            var hit = candidates.FirstOrDefault(c => string.Equals(Path.GetFileName(c), name, StringComparison.OrdinalIgnoreCase));
            if (hit is not null)
                return hit;
        }
        return candidates.FirstOrDefault(c => c.EndsWith(".ttf", StringComparison.OrdinalIgnoreCase));
    }
}
