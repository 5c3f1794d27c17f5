using FrozenLm.IO;

namespace FrozenLm.Reports;

/// <summary>
/// Extra sections of a comparison's report.html contributed by other commands (e.g. <c>explain --compare</c>): each is an
/// HTML fragment in <c>DIR/report-sections/NAME.html</c>, spliced in before the page's footer between markers, so
/// re-running replaces it and a report writer can re-apply every fragment after regenerating the page.
/// </summary>
public static class ReportSections
{
    public const string Folder = "report-sections";

    /// <summary>Stores the fragment <paramref name="html"/> as section <paramref name="name"/> of the comparison in <paramref name="compareDir"/>.</summary>
    public static string Save(string compareDir, string name, string html)
    {
        if (name.Length == 0 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            throw new ArgumentException($"section name '{name}' must be letters, digits, '-' or '_'");
        var path = Path.Combine(compareDir, Folder, name + ".html");
        AtomicFile.WriteAllText(path, html);
        return path;
    }

    /// <summary>Splices every stored fragment into <paramref name="reportPath"/> (replacing earlier copies); false when there is no report.</summary>
    public static bool Apply(string compareDir, string reportPath)
    {
        if (!File.Exists(reportPath))
            return false;
        var page = File.ReadAllText(reportPath);
        var folder = Path.Combine(compareDir, Folder);
        var fragments = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.html").Order(StringComparer.Ordinal).ToList()
            : [];
        foreach (var file in fragments)
            page = Splice(page, Path.GetFileNameWithoutExtension(file), File.ReadAllText(file));
        AtomicFile.WriteAllText(reportPath, page);
        return true;
    }

    /// <summary>Puts <paramref name="fragment"/> between this section's markers: where they are, else before the footer.</summary>
    public static string Splice(string page, string name, string fragment)
    {
        var begin = $"<!-- frozenlm-section:{name} -->";
        var end = $"<!-- /frozenlm-section:{name} -->";
        var block = begin + "\n" + fragment.TrimEnd() + "\n" + end + "\n";
        var at = page.IndexOf(begin, StringComparison.Ordinal);
        if (at >= 0)
        {
            var stop = page.IndexOf(end, at, StringComparison.Ordinal);
            if (stop >= 0)
            {
                stop += end.Length;
                if (stop < page.Length && page[stop] == '\n')
                    stop++;
                return page[..at] + block + page[stop..];
            }
        }
        foreach (var anchor in new[] { "<footer", "</main>", "</body>" })
        {
            var i = page.IndexOf(anchor, StringComparison.OrdinalIgnoreCase);
            if (i >= 0)
                return page[..i] + block + page[i..];
        }
        return page + block;
    }
}
