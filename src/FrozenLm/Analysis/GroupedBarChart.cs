using FrozenLm.IO;
using ScottPlot;

namespace FrozenLm.Analysis;

/// <summary>A grouped bar chart PNG (ScottPlot): one group per label on the x axis, one coloured bar per series.</summary>
public static class GroupedBarChart
{
    private const string FontName = "FrozenLm Sans";
    private static readonly Lazy<bool> FontReady = new(RegisterFont);

    private static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

    /// <summary>
    /// Writes the chart to <paramref name="path"/> atomically. Each series has one value per group; a null value leaves
    /// its bar out. The y axis spans [<paramref name="yMin"/>, <paramref name="yMax"/>]; null fits the data (and 0).
    /// <paramref name="reference"/> draws a dashed horizontal line (e.g. the chance level) with its legend label.
    /// </summary>
    public static void Save(
        string path, string title, string yLabel, IReadOnlyList<string> groups,
        IReadOnlyList<(string Name, IReadOnlyList<double?> Values)> series, int width = 900, int height = 420,
        double? yMin = 0, double? yMax = 1.08, (double Value, string Label)? reference = null)
    {
        if (groups.Count == 0 || series.Count == 0)
            throw new ArgumentException("a bar chart needs at least one group and one series");
        if (series.Any(s => s.Values.Count != groups.Count))
            throw new ArgumentException($"every series needs {groups.Count} values, one per group");
        var plot = new Plot();
        if (FontReady.Value)
            plot.Font.Set(FontName);
        var slot = 0.8 / series.Count;
        var bars = new List<Bar>();
        for (var s = 0; s < series.Count; s++)
        {
            var colour = Color.FromHex(Palette[s % Palette.Length]);
            for (var g = 0; g < groups.Count; g++)
            {
                if (series[s].Values[g] is not { } v || double.IsNaN(v))
                    continue;
                bars.Add(new Bar
                {
                    Position = g - 0.4 + slot * (s + 0.5),
                    Value = v,
                    Size = slot * 0.9,
                    FillColor = colour,
                    Label = v.ToString(Math.Abs(v) < 0.1 ? "0.000" : "0.00", System.Globalization.CultureInfo.InvariantCulture),
                });
            }
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Name, FillColor = colour });
        }
        if (reference is { } r && double.IsFinite(r.Value))
        {
            var line = plot.Add.HorizontalLine(r.Value);
            line.LinePattern = LinePattern.Dashed;
            line.LineColor = Colors.Black;
            line.LineWidth = 1.5f;
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = r.Label, LineColor = Colors.Black, LineWidth = 1.5f, LinePattern = LinePattern.Dashed,
            });
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 9;
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var g = 0; g < groups.Count; g++)
            ticks.AddMajor(g, groups[g]);
        plot.Axes.Bottom.TickGenerator = ticks;
        var values = bars.Select(b => b.Value).DefaultIfEmpty(0).ToList();
        var low = yMin ?? Math.Min(0, values.Min() * 1.15);
        var high = yMax ?? Math.Max(values.Max() * 1.15, low + 1e-3);
        plot.Axes.SetLimits(-0.6, groups.Count - 0.4, low, high);
        plot.Title(title);
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperRight);
        var png = plot.GetImage(width, height).GetImageBytes(ImageFormat.Png);
        AtomicFile.WriteAllBytes(path, png);
    }

    private static bool RegisterFont()
    {
        var path = FontLocator.FontPath;
        if (path is null)
            return false;
        Fonts.AddFontFile(FontName, path);
        return true;
    }
}
