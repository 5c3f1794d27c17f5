using System.Text;
using FrozenLm.Comparison;

namespace FrozenLm.Reports;

/// <summary>
/// Writes a comparison's <c>report.html</c>: one self-contained page (inline CSS, PNG figures as data URIs) with the
/// verdict, the results table, the paired comparisons, learning curves, the setup and the method.
/// </summary>
public static class ComparisonHtmlWriter
{
    /// <summary>Renders the page; <paramref name="figures"/> are (caption, PNG bytes) pairs shown in order.</summary>
    public static string ToHtml(ComparisonResult result, IReadOnlyList<(string Caption, byte[] Png)> figures)
    {
        var s = result.Setup.Settings;
        var m = result.Metric;
        var palette = VariantPalette.For(result.Variants.Select(v => v.Name).ToList());
        var h = new StringBuilder();
        h.AppendLine("<!DOCTYPE html>");
        h.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        h.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        h.AppendLine($"<title>frozenlm compare: {E(s.Task)}, {E(s.Lm)}, {E(s.Preset)}</title>");
        h.AppendLine("<style>").AppendLine(Css).AppendLine("</style></head><body><main>");

        h.AppendLine("<header>");
        h.AppendLine("<h1>Does the frozen LM block help?</h1>");
        h.AppendLine($"<p class=\"sub\">frozenlm compare · task <b>{E(s.Task)}</b> · LM <b>{E(s.Lm)}</b> · preset <b>{E(s.Preset)}</b> · " +
                     $"{s.Seeds} seed{(s.Seeds == 1 ? "" : "s")} · {result.Setup.Epochs} epoch{(result.Setup.Epochs == 1 ? "" : "s")} · " +
                     $"{E(result.Setup.FinishedUtc.ToString("yyyy-MM-dd HH:mm"))} UTC</p>");
        h.AppendLine("</header>");

        var (tone, badge) = Tone(result);
        h.AppendLine($"<section class=\"verdict {tone}\"><div class=\"badge\">{E(badge)}</div>");
        if (result.Comparisons.Count == 0)
            h.AppendLine($"<p class=\"headline\">{E(result.Verdict)}</p>");
        else
        {
            h.AppendLine($"<p class=\"headline\">{E(result.Comparisons[0].Sentence)}</p>");
            if (result.Comparisons.Count > 1)
            {
                h.AppendLine("<ul>");
                foreach (var c in result.Comparisons.Skip(1))
                    h.AppendLine($"<li>{E(c.Sentence)}</li>");
                h.AppendLine("</ul>");
            }
            if (VerdictWriter.Conclusion(result.Comparisons) is { } conclusion)
                h.AppendLine($"<p class=\"conclusion\">{E(conclusion)}</p>");
        }
        h.AppendLine("</section>");

        h.AppendLine("<section><h2>Results</h2>");
        h.AppendLine($"<p class=\"note\">{E(ComparisonMarkdownWriter.ResultsNote(result))}</p>");
        h.AppendLine("<table class=\"results\"><thead><tr><th>variant</th><th class=\"num\">trainable params</th>" +
                     $"<th class=\"num\">frozen params</th><th class=\"num\">{E(m.Label)} (mean ± std)</th>" +
                     $"<th class=\"num\">{E(ReportFormat.DeltaHeader(m))}</th><th class=\"num\">throughput</th></tr></thead><tbody>");
        foreach (var v in result.Variants)
        {
            h.Append("<tr>");
            h.Append($"<td><span class=\"dot\" style=\"background:{palette.Hex(v.Name)}\"></span><b>{E(v.Name)}</b>" +
                     $"<div class=\"desc\">{E(Describe(v.Name))}</div></td>");
            h.Append($"<td class=\"num\">{ReportFormat.Count(v.ParamsTrainable)}</td>");
            h.Append($"<td class=\"num\">{ReportFormat.Count(v.ParamsFrozen)}</td>");
            h.Append($"<td class=\"num\"><span class=\"strong\">{E(ReportFormat.Value(m, v))}</span>" +
                     $"<div class=\"small\">seeds: {E(ReportFormat.PerSeed(m, v))}</div></td>");
            h.Append($"<td class=\"num\">{DeltaCell(m, v)}</td>");
            h.Append($"<td class=\"num\">{E(ReportFormat.Throughput(v.SamplesPerSecond, result.Setup.ThroughputUnit))}</td>");
            h.AppendLine("</tr>");
        }
        h.AppendLine("</tbody></table></section>");

        if (result.Comparisons.Count > 0)
        {
            h.AppendLine("<section><h2>Paired comparisons</h2><table class=\"pairs\"><thead><tr><th>comparison</th>" +
                         $"<th class=\"num\">seeds</th><th class=\"num\">mean Δ{(m.DeltaUnit.Length > 0 ? $" ({E(m.DeltaUnit)})" : "")}</th><th class=\"num\">95% CI</th>" +
                         "<th>reading</th></tr></thead><tbody>");
            foreach (var c in result.Comparisons)
            {
                var d = c.Difference;
                var ci = d.Ci is null ? "undefined (1 seed)" : m.Interval(d.Ci);
                h.AppendLine($"<tr><td><b>{E(c.Variant)}</b> − {E(c.Baseline)}</td><td class=\"num\">{d.N}</td>" +
                             $"<td class=\"num {DeltaClass(c.Reading)}\">{E(m.Signed(d.Mean))}</td><td class=\"num\">{E(ci)}</td>" +
                             $"<td>{E(Reading(c.Reading, m))}</td></tr>");
            }
            h.AppendLine("</tbody></table></section>");
        }

        if (figures.Count > 0)
        {
            h.AppendLine("<section><h2>Figures</h2>");
            foreach (var (caption, png) in figures)
                h.AppendLine($"<figure><img alt=\"{E(caption)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\">" +
                             $"<figcaption>{E(caption)}</figcaption></figure>");
            h.AppendLine("</section>");
        }

        h.AppendLine("<section><h2>Setup</h2><table class=\"setup\"><tbody>");
        foreach (var (label, value) in ReportFormat.SetupRows(result.Setup))
            h.AppendLine($"<tr><th>{E(label)}</th><td>{E(value)}</td></tr>");
        h.AppendLine("</tbody></table></section>");

        h.AppendLine("<section><h2>Method</h2><ul class=\"method\">");
        foreach (var line in ComparisonMarkdownWriter.MethodNotes(result))
            h.AppendLine($"<li>{E(line)}</li>");
        h.AppendLine("</ul></section>");
        h.AppendLine($"<footer>Generated by frozenlm {E(result.Setup.ToolVersion)} · results.json holds every number shown here.</footer>");
        h.AppendLine("</main></body></html>");
        return h.ToString();
    }

    private static string Describe(string variant) =>
        VariantSpec.TryParse(variant) is { } spec ? spec.Describe() : CompareVariants.Describe(variant);

    private static string DeltaCell(ComparedMetric m, VariantResult v)
    {
        if (v.Name == CompareVariants.None || v.DeltaVsNone is not { } d)
            return $"<span class=\"small\">{E(ReportFormat.Delta(m, v))}</span>";
        var ci = d.Ci is null ? "one seed: no CI" : $"95% CI {m.Interval(d.Ci)}";
        return $"<span class=\"strong {DeltaClass(m.Read(d))}\">{E(m.Signed(d.Mean))}</span><div class=\"small\">{E(ci)}</div>";
    }

    private static (string Tone, string Badge) Tone(ComparisonResult result)
    {
        var headline = result.Comparisons.FirstOrDefault(c => c.Variant == CompareVariants.Frozen && c.Baseline == CompareVariants.None)
                       ?? (result.Comparisons.Count > 0 ? result.Comparisons[0] : null);
        if (headline is null)
            return ("neutral", "nothing to compare");
        var who = $"{headline.Variant} vs {headline.Baseline}";
        return headline.Reading switch
        {
            DeltaReading.Undecided => ("neutral", $"{who}: one seed, undecided"),
            DeltaReading.Better => ("good", $"{who}: better"),
            DeltaReading.Worse => ("bad", $"{who}: worse"),
            _ => ("neutral", $"{who}: no difference detectable"),
        };
    }

    private static string Reading(DeltaReading reading, ComparedMetric m)
    {
        var side = m.Info.HigherIsBetter ? ("above", "below") : ("below", "above");
        return reading switch
        {
            DeltaReading.Undecided => "one seed: cannot tell",
            DeltaReading.Better => $"better (CI {side.Item1} 0; {m.Direction})",
            DeltaReading.Worse => $"worse (CI {side.Item2} 0; {m.Direction})",
            _ => "no difference detectable",
        };
    }

    /// <summary>Green for better, red for worse, whatever the sign of the difference.</summary>
    private static string DeltaClass(DeltaReading reading) => reading switch
    {
        DeltaReading.Better => "pos",
        DeltaReading.Worse => "neg",
        _ => "",
    };

    private static string E(string s) =>
        s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");

    private const string Css = """
        :root { --ink:#111827; --muted:#6b7280; --line:#e5e7eb; --bg:#f8fafc; }
        * { box-sizing: border-box; }
        body { margin:0; background:var(--bg); color:var(--ink);
               font: 15px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1120px; margin: 0 auto; padding: 28px 28px 40px; }
        header h1 { margin: 0 0 4px; font-size: 28px; letter-spacing: -0.01em; }
        .sub { margin: 0 0 22px; color: var(--muted); }
        h2 { font-size: 19px; margin: 0 0 12px; }
        section { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 18px 22px; margin: 0 0 18px; }
        .verdict { border-left: 6px solid #9ca3af; }
        .verdict.good { border-left-color: #16a34a; background: #f0fdf4; }
        .verdict.bad { border-left-color: #dc2626; background: #fef2f2; }
        .verdict.neutral { border-left-color: #d97706; background: #fffbeb; }
        .verdict .headline { margin: 8px 0 4px; font-size: 18px; font-weight: 600; }
        .verdict ul { margin: 6px 0 0; padding-left: 20px; }
        .verdict li { margin: 3px 0; }
        .verdict .conclusion { margin: 10px 0 0; font-style: italic; }
        .badge { display:inline-block; font-size: 12.5px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em;
                 color: #374151; background: rgba(0,0,0,.06); border-radius: 999px; padding: 2px 10px; }
        .note { color: var(--muted); margin: 0 0 10px; font-size: 13.5px; }
        table { border-collapse: collapse; width: 100%; }
        th, td { padding: 8px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
        thead th { font-size: 12.5px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); font-weight: 600; }
        tbody tr:nth-child(even) { background: #fafafa; }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .strong { font-weight: 600; }
        .pos { color: #15803d; font-weight: 600; }
        .neg { color: #b91c1c; font-weight: 600; }
        .small { color: var(--muted); font-size: 12.5px; font-weight: 400; margin-top: 2px; }
        .desc { color: var(--muted); font-size: 12.5px; margin-left: 18px; min-width: 230px; }
        .dot { display:inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 7px; }
        figure { margin: 6px 0 18px; }
        figure img { width: 100%; max-width: 900px; display: block; margin: 0 auto; border: 1px solid var(--line); border-radius: 6px; }
        figcaption { text-align: center; color: var(--muted); font-size: 13px; margin-top: 6px; }
        .setup th { width: 180px; color: var(--muted); font-weight: 500; }
        .method li { margin: 4px 0; }
        footer { color: var(--muted); font-size: 12.5px; text-align: center; margin-top: 8px; }
        """;
}
