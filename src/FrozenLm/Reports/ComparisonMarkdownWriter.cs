using System.Text;
using FrozenLm.Comparison;

namespace FrozenLm.Reports;

/// <summary>Writes a comparison's <c>report.md</c>: verdict, results table, paired comparisons, setup and method.</summary>
public static class ComparisonMarkdownWriter
{
    public static string ToMarkdown(ComparisonResult result)
    {
        var s = result.Setup.Settings;
        var m = result.Metric;
        var md = new StringBuilder();
        md.AppendLine($"# frozenlm compare: {s.Task}, {s.Lm}, preset {s.Preset}");
        md.AppendLine();
        md.AppendLine("## Verdict");
        md.AppendLine();
        md.AppendLine(result.Verdict);
        md.AppendLine();
        md.AppendLine("## Results");
        md.AppendLine();
        md.AppendLine(ResultsNote(result));
        md.AppendLine();
        md.AppendLine($"| variant | trainable params | frozen params | {m.Label} | per seed | {ReportFormat.DeltaHeader(m)} | throughput |");
        md.AppendLine("|---|---:|---:|---:|---|---:|---:|");
        foreach (var v in result.Variants)
            md.AppendLine($"| {v.Name} | {ReportFormat.Count(v.ParamsTrainable)} | {ReportFormat.Count(v.ParamsFrozen)} | " +
                          $"{ReportFormat.Value(m, v)} | {ReportFormat.PerSeed(m, v)} | {ReportFormat.Delta(m, v)} | " +
                          $"{ReportFormat.Throughput(v.SamplesPerSecond, result.Setup.ThroughputUnit)} |");
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
        foreach (var line in MethodNotes(result))
            md.AppendLine($"- {line}");
        return md.ToString();
    }

    /// <summary>The sentence above the results table: what the numbers are, and which direction is better.</summary>
    public static string ResultsNote(ComparisonResult result)
    {
        var m = result.Metric;
        var unit = m.DeltaUnit.Length > 0 ? $" in {m.DeltaUnit}" : "";
        return $"Each value is the {result.MetricDescription}, mean ± sample std over seeds; {m.Label}: {m.Direction}. " +
               $"Δ vs none: mean paired difference{unit} with its 95% Student-t interval.";
    }

    /// <summary>How the numbers were made, shared with the HTML report.</summary>
    public static IReadOnlyList<string> MethodNotes(ComparisonResult result)
    {
        var m = result.Metric;
        var notes = new List<string>
        {
            "Every variant is trained once per seed; a seed fixes the model initialisation and the order of the training data, " +
            "and the data order is the same for every variant, so differences are paired by seed.",
            $"The {m.Label} of a run is its test {m.Label} after the last epoch, never the best epoch chosen on the test set.",
            "Δ = variant − none per seed; the interval is mean(Δ) ± t(0.975, n−1) · sd(Δ) / √n. With one seed it is undefined.",
            $"A difference is called only when its 95% interval excludes zero, and called better or worse by the metric's direction " +
            $"({m.Label}: {m.Direction}). Each interval stands alone: no correction for making several comparisons.",
            "Frozen parameters are not trained and not counted as trainable; throughput is training " +
            $"{(result.Setup.SampleUnit.Length > 0 ? result.Setup.SampleUnit : "samples")} per second.",
        };
        if (result.Variants.Any(v => VariantSpec.TryParse(v.Name) is { IsPlain: false }))
            notes.Add("A row such as frozen:layers=3 is a variant spec: the variant with the LM-stage options after the colons " +
                      "(layers, position, residual, lm); everything else is shared with the other rows.");
        return notes;
    }
}
