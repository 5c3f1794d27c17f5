namespace FrozenLm.Analysis;

/// <summary>Bar charts of a filtering report: mIoU (or AUROC) per capture point for magnitude, frequency and attention maps.</summary>
public static class FilteringFigures
{
    /// <summary>Writes the mIoU chart to <paramref name="miouPath"/> and the AUROC chart to <paramref name="aurocPath"/>.</summary>
    public static void SaveBars(FilteringReport report, string miouPath, string aurocPath, string title)
    {
        var groups = report.Points.Keys.Concat(report.AttentionMiou.Keys.Select(a => a + " attn")).ToList();
        Save(report, miouPath, $"{title}: mIoU with the oracle threshold", "mIoU", groups,
            p => p.MagnitudeMiou, p => p.FrequencyMiou, report.AttentionMiou,
            report.ChanceMiou is { } c ? (c, "random map (chance)") : null);
        SaveAurocBars(report, aurocPath, $"{title}: AUROC of the map against the mask (0.5 = chance)");
    }

    /// <summary>Writes only the AUROC chart (point-cloud reports have no mIoU) with the given full title.</summary>
    public static void SaveAurocBars(FilteringReport report, string path, string title)
    {
        var groups = report.Points.Keys.Concat(report.AttentionMiou.Keys.Select(a => a + " attn")).ToList();
        Save(report, path, title, "AUROC", groups,
            p => p.MagnitudeAuroc, p => p.FrequencyAuroc, report.AttentionAuroc, (report.ChanceAuroc, "chance"));
    }

    private static void Save(FilteringReport report, string path, string title, string yLabel, List<string> groups,
        Func<FilteringPointScores, double?> magnitude, Func<FilteringPointScores, double?> frequency,
        Dictionary<string, double?> attention, (double, string)? reference)
    {
        var points = report.Points.Values.ToList();
        var n = points.Count;
        var mag = points.Select(magnitude).Concat(attention.Keys.Select(_ => (double?)null)).ToList();
        var freq = points.Select(frequency).Concat(attention.Keys.Select(_ => (double?)null)).ToList();
        var attn = Enumerable.Repeat((double?)null, n).Concat(report.AttentionMiou.Keys.Select(k => attention.GetValueOrDefault(k))).ToList();
        var series = new List<(string, IReadOnlyList<double?>)> { ("magnitude", mag), ("frequency", freq) };
        if (attention.Count > 0)
            series.Add(("CLS attention", attn));
        GroupedBarChart.Save(path, title, yLabel, groups, series, reference: reference);
    }
}
