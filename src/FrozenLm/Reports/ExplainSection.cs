using System.Globalization;
using System.Net;
using System.Text;
using FrozenLm.Analysis;

namespace FrozenLm.Reports;

/// <summary>The comparison report's "Information filtering and gradient coherence" section and its charts.</summary>
public static class ExplainSection
{
    /// <summary>Writes the per-variant charts into <paramref name="dir"/>; returns (caption, path) of each.</summary>
    public static IReadOnlyList<(string Caption, string Path)> SaveCharts(IReadOnlyList<VariantExplanation> variants, string dir)
    {
        var groups = CapturePoints.Features.Where(p => variants.Any(v => v.Points.ContainsKey(p))).ToList();
        var attention = variants.SelectMany(v => v.AttentionMiou.Keys).Distinct().ToList();
        var labels = groups.Concat(attention.Select(a => a + " attn")).ToList();
        var figures = new List<(string, string)>();
        var chance = variants.Select(v => v.ChanceMiou).OfType<double>().DefaultIfEmpty(double.NaN).Average();
        (double, string)? reference = double.IsNaN(chance) ? null : (chance, "random map (chance)");
        if (labels.Count > 0 && !HasMiou(variants))
        {
            var magnitude = Path.Combine(dir, "bars_auroc.png");
            GroupedBarChart.Save(magnitude, "Magnitude-map AUROC (attention groups: CLS attention AUROC)", "AUROC", labels,
                variants.Select(v => (v.Variant, Values(v, groups, attention, s => s.MagnitudeAuroc, v.AttentionAuroc))).ToList(),
                reference: (0.5, "chance"));
            figures.Add(("AUROC of the magnitude maps per capture point (and of the CLS attention maps), mean over seeds.", magnitude));
            var frequency = Path.Combine(dir, "bars_auroc_frequency.png");
            GroupedBarChart.Save(frequency, "Frequency-map AUROC (attention groups: CLS attention AUROC)", "AUROC", labels,
                variants.Select(v => (v.Variant, Values(v, groups, attention, s => s.FrequencyAuroc, v.AttentionAuroc))).ToList(),
                reference: (0.5, "chance"));
            figures.Add(("AUROC of the frequency maps per capture point, mean over seeds.", frequency));
        }
        else if (labels.Count > 0)
        {
            var magnitude = Path.Combine(dir, "bars.png");
            GroupedBarChart.Save(magnitude, "Magnitude-map mIoU (attention groups: CLS attention mIoU)", "mIoU", labels,
                variants.Select(v => (v.Variant, Values(v, groups, attention, s => s.MagnitudeMiou, v.AttentionMiou))).ToList(),
                reference: reference);
            figures.Add(("mIoU of the magnitude maps per capture point (and of the CLS attention maps), mean over seeds.", magnitude));
            var frequency = Path.Combine(dir, "bars_frequency.png");
            GroupedBarChart.Save(frequency, "Frequency-map mIoU (attention groups: CLS attention mIoU)", "mIoU", labels,
                variants.Select(v => (v.Variant, Values(v, groups, attention, s => s.FrequencyMiou, v.AttentionMiou))).ToList(),
                reference: reference);
            figures.Add(("mIoU of the frequency maps per capture point, mean over seeds.", frequency));
        }
        var coherent = variants.Where(v => v.GradientCoherence is not null).ToList();
        if (coherent.Count > 0)
        {
            var path = Path.Combine(dir, "coherence.png");
            GroupedBarChart.Save(path, "Gradient coherence of the visual encoder", "mean pairwise cosine", ["per-sample gradients"],
                coherent.Select(v => (v.Variant, (IReadOnlyList<double?>)[v.GradientCoherence!.MeanCosine])).ToList(),
                width: 600, yMin: null, yMax: null);
            figures.Add(("Mean pairwise cosine similarity of per-sample gradients of the visual encoder, mean over seeds.", path));
        }
        return figures;
    }

    /// <summary>The HTML fragment (one &lt;section&gt;, figures inlined as data URIs) under the task's <paramref name="note"/> (plain text).</summary>
    public static string ToHtml(CompareExplanation summary, string note, IReadOnlyList<(string Caption, string Path)> figures)
    {
        var variants = summary.Variants;
        var points = CapturePoints.Features.Where(p => variants.Any(v => v.Points.ContainsKey(p))).ToList();
        var attention = variants.SelectMany(v => v.AttentionMiou.Keys).Distinct().ToList();
        var h = new StringBuilder();
        h.AppendLine("<section id=\"explain\"><h2>Information filtering and gradient coherence</h2>");
        h.AppendLine($"<p class=\"note\">{E(note)}</p>");
        if (HasMiou(variants))
            Table(h, "mIoU", variants, points, attention, s => (s.MagnitudeMiou, s.FrequencyMiou), v => v.AttentionMiou);
        Table(h, "AUROC", variants, points, attention, s => (s.MagnitudeAuroc, s.FrequencyAuroc), v => v.AttentionAuroc);
        h.AppendLine("<table class=\"results\"><thead><tr><th>variant</th><th class=\"num\">gradient coherence (mean cosine)</th>" +
                     "<th class=\"num\">std over seeds</th><th class=\"num\">std over pairs</th><th class=\"num\">samples × seeds</th></tr></thead><tbody>");
        foreach (var v in variants)
        {
            var c = v.GradientCoherence;
            h.AppendLine(c is null
                ? $"<tr><td><b>{E(v.Variant)}</b></td><td class=\"num\">–</td><td class=\"num\">–</td><td class=\"num\">–</td><td class=\"num\">–</td></tr>"
                : $"<tr><td><b>{E(v.Variant)}</b></td><td class=\"num\">{F(c.MeanCosine, "0.0000")}</td>" +
                  $"<td class=\"num\">{(c.SeedStd is { } s ? F(s, "0.0000") : "–")}</td><td class=\"num\">{F(c.WithinRunStd, "0.0000")}</td>" +
                  $"<td class=\"num\">{c.Samples} × {c.Seeds}</td></tr>");
        }
        h.AppendLine("</tbody></table>");
        foreach (var (caption, path) in figures)
        {
            h.AppendLine($"<figure><img alt=\"{E(caption)}\" src=\"data:image/png;base64,{Convert.ToBase64String(File.ReadAllBytes(path))}\">" +
                         $"<figcaption>{E(caption)}</figcaption></figure>");
        }
        h.AppendLine("<p class=\"note\">Per-run overlays (or renderings), filtering.json and coherence.json are in explain/&lt;variant&gt;/seed-&lt;k&gt;/.</p>");
        h.AppendLine("</section>");
        return h.ToString();
    }

    private static void Table(StringBuilder h, string what, IReadOnlyList<VariantExplanation> variants, List<string> points,
        List<string> attention, Func<FilteringPointScores, (double?, double?)> pick, Func<VariantExplanation, Dictionary<string, double?>> attn)
    {
        h.Append($"<table class=\"results\"><thead><tr><th>{E(what)}</th>");
        foreach (var p in points)
            h.Append($"<th class=\"num\">{E(p)}</th>");
        foreach (var a in attention)
            h.Append($"<th class=\"num\">{E(a)} CLS attn</th>");
        h.AppendLine("</tr></thead><tbody>");
        foreach (var v in variants)
        {
            h.Append($"<tr><td><b>{E(v.Variant)}</b></td>");
            foreach (var p in points)
            {
                if (v.Points.TryGetValue(p, out var s))
                {
                    var (m, f) = pick(s);
                    h.Append($"<td class=\"num\">{Pct(m)} / {Pct(f)}</td>");
                }
                else
                {
                    h.Append("<td class=\"num\">–</td>");
                }
            }
            foreach (var a in attention)
                h.Append($"<td class=\"num\">{Pct(attn(v).GetValueOrDefault(a))}</td>");
            h.AppendLine("</tr>");
        }
        h.AppendLine("</tbody></table>");
    }

    private static bool HasMiou(IReadOnlyList<VariantExplanation> variants) =>
        variants.Any(v => v.Points.Values.Any(s => s.MagnitudeMiou is not null || s.FrequencyMiou is not null)
                          || v.AttentionMiou.Values.Any(m => m is not null));

    private static IReadOnlyList<double?> Values(VariantExplanation v, List<string> points, List<string> attention,
        Func<FilteringPointScores, double?> pick, Dictionary<string, double?> attn) =>
        points.Select(p => v.Points.TryGetValue(p, out var s) ? pick(s) : null)
            .Concat(attention.Select(a => attn.GetValueOrDefault(a)))
            .ToList();

    private static string Pct(double? v) => v is { } x ? (100 * x).ToString("0.0", CultureInfo.InvariantCulture) : "–";

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
