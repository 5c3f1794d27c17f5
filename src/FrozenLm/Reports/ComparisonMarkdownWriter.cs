using System.Text;
using FrozenLm.Comparison;

namespace FrozenLm.Reports;

/// <summary>Writes a comparison's <c>report.md</c>: verdict, results table, paired comparisons, setup and method.</summary>
public static class ComparisonMarkdownWriter
{
    public static string ToMarkdown(ComparisonResult result)
    {
        var s = result.Setup.Settings;
        var md = new StringBuilder();
        md.AppendLine($"# frozenlm compare: {s.Task}, {s.Lm}, preset {s.Preset}");
        md.AppendLine();
        md.AppendLine("## Verdict");
        md.AppendLine();
        md.AppendLine(result.Verdict);
        md.AppendLine();
        md.AppendLine("## Results");
        md.AppendLine();
        md.AppendLine($"{ReportFormat.Capitalised(result.Setup.AccuracyName)}: {result.MetricDescription}, mean ± sample std over seeds. " +
                      "Δ vs none: mean paired difference in points with its 95% Student-t interval.");
        md.AppendLine();
        md.AppendLine($"| variant | trainable params | frozen params | {result.Setup.AccuracyName} | per seed | Δ vs none [95% CI] | throughput |");
        md.AppendLine("|---|---:|---:|---:|---|---:|---:|");
        foreach (var v in result.Variants)
            md.AppendLine($"| {v.Name} | {ReportFormat.Count(v.ParamsTrainable)} | {ReportFormat.Count(v.ParamsFrozen)} | " +
                          $"{ReportFormat.Top1(v)} | {ReportFormat.PerSeed(v)} | {ReportFormat.Delta(v)} | " +
                          $"{ReportFormat.Throughput(v.ImagesPerSecond, result.Setup.ThroughputUnit)} |");
        md.AppendLine();
        if (result.Comparisons.Count > 0)
        {
            md.AppendLine("## Paired comparisons");
            md.AppendLine();
            foreach (var c in result.Comparisons)
                md.AppendLine($"- {c.Sentence}");
            md.AppendLine();
        }
        md.AppendLine("## Setup");
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("|---|---|");
        foreach (var (label, value) in ReportFormat.SetupRows(result.Setup))
            md.AppendLine($"| {label} | {value.Replace("|", "\\|")} |");
        md.AppendLine();
        md.AppendLine("## Method");
        md.AppendLine();
        foreach (var line in MethodNotes)
            md.AppendLine($"- {line}");
        return md.ToString();
    }

    /// <summary>How the numbers were made, shared with the HTML report.</summary>
    public static IReadOnlyList<string> MethodNotes { get; } =
    [
        "Every variant is trained once per seed; a seed fixes the model initialisation and the order of the training data, " +
        "and the data order is the same for every variant, so differences are paired by seed.",
        "The accuracy of a run is its test accuracy after the last epoch, never the best epoch chosen on the test set.",
        "Δ = variant − none per seed; the interval is mean(Δ) ± t(0.975, n−1) · sd(Δ) / √n. With one seed it is undefined.",
        "A difference is called only when its 95% interval excludes zero. Each interval stands alone: " +
        "no correction for making several comparisons.",
        "Frozen parameters are not trained and not counted as trainable; throughput is training images per second.",
    ];
}
