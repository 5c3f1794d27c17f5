using FrozenLm.Comparison;
using FrozenLm.IO;

namespace FrozenLm.Reports;

/// <summary>Writes the three files of a comparison into its directory: results.json, report.md and report.html.</summary>
public static class ComparisonReports
{
    public const string ResultsFile = "results.json";
    public const string MarkdownFile = "report.md";
    public const string HtmlFile = "report.html";

    /// <summary>Writes all three atomically (re-applying sections other tools saved, such as explain's); returns the path of report.html.</summary>
    public static string Write(ComparisonResult result, string outDir)
    {
        Directory.CreateDirectory(outDir);
        AtomicFile.WriteAllBytes(Path.Combine(outDir, ResultsFile), ComparisonJsonWriter.ToBytes(result));
        AtomicFile.WriteAllText(Path.Combine(outDir, MarkdownFile), ComparisonMarkdownWriter.ToMarkdown(result));
        var label = result.Metric.Label;
        var figures = new List<(string, byte[])>
        {
            ($"Test {label} per epoch: mean over seeds, shaded band ±1 std across seeds.", ComparisonPlots.TestMetric(result)),
            ("Train loss per epoch: mean over seeds, shaded band ±1 std across seeds.", ComparisonPlots.TrainLoss(result)),
        };
        if (ComparisonPlots.DeltaVsNone(result) is { } delta)
            figures.Insert(0, ($"Final {label} minus none on the same seed, mean with its 95% CI ({result.Metric.Direction}); " +
                               "the dashed line is no difference.", delta));
        var html = Path.Combine(outDir, HtmlFile);
        AtomicFile.WriteAllText(html, ComparisonHtmlWriter.ToHtml(result, figures));
        ReportSections.Apply(outDir, html);
        return html;
    }
}
