using System.Text.Json;
using FrozenLm.IO;

namespace FrozenLm.Analysis;

/// <summary>The files an explained run's output folder holds, and the writer of its two JSON reports.</summary>
public static class ExplainFiles
{
    public const string Report = "filtering.json";
    public const string Coherence = "coherence.json";
    public const string Overlays = "overlays.png";
    public const string Renderings = "renderings.png";
    public const string Bars = "bars.png";
    public const string AurocBars = "bars_auroc.png";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes filtering.json and, when measured, coherence.json into <paramref name="outDir"/> (created); returns the names written.</summary>
    public static List<string> Save(FilteringReport report, string outDir)
    {
        Directory.CreateDirectory(outDir);
        report.Save(Path.Combine(outDir, Report));
        if (report.GradientCoherence is null)
            return [Report];
        AtomicFile.WriteAllText(Path.Combine(outDir, Coherence), JsonSerializer.Serialize(report.GradientCoherence, Indented) + "\n");
        return [Report, Coherence];
    }
}
