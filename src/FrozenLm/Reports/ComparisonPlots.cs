using FrozenLm.Comparison;
using ScottPlot;

namespace FrozenLm.Reports;

/// <summary>
/// The PNG figures of a comparison report: learning curves (the task's primary test metric and train loss per epoch,
/// mean over seeds with a ±1 std band) and the paired differences to <c>none</c> with their 95% intervals; one colour
/// per row (<see cref="VariantPalette"/>).
/// </summary>
public static class ComparisonPlots
{
    public const int Width = 900;
    public const int Height = 460;

    /// <summary>The primary test metric (display unit) per epoch, one line per row.</summary>
    public static byte[] TestMetric(ComparisonResult result)
    {
        var m = result.Metric;
        return Curves(result, $"Test {m.Label} per epoch (mean over seeds, band = ±1 std; {m.Direction})",
            $"test {m.Label}{(m.Info.Unit.Length > 0 ? $" ({m.Info.Unit})" : "")}",
            p => p.TestMetricMean, p => p.TestMetricStd, m.Info.HigherIsBetter ? Alignment.LowerRight : Alignment.UpperRight);
    }

    /// <summary>Train loss per epoch, one line per variant.</summary>
    public static byte[] TrainLoss(ComparisonResult result) =>
        Curves(result, "Train loss per epoch (mean over seeds, band = ±1 std)", "train loss",
            p => p.TrainLossMean, p => p.TrainLossStd, Alignment.UpperRight);

    /// <summary>Each row minus <c>none</c> (the metric's difference unit) with its 95% CI; null when no row has one.</summary>
    public static byte[]? DeltaVsNone(ComparisonResult result)
    {
        var rows = result.Variants.Where(v => v.DeltaVsNone is not null).ToList();
        if (rows.Count == 0)
            return null;
        var m = result.Metric;
        var palette = VariantPalette.For(result.Variants.Select(v => v.Name).ToList());
        var plot = NewPlot($"Difference in {m.Label} to none, paired by seed (bar = 95% CI; {m.Direction})",
            m.DeltaUnit.Length > 0 ? $"Δ {m.Label} ({m.DeltaUnit})" : $"Δ {m.Label}");
        var zero = plot.Add.HorizontalLine(0);
        zero.Color = Colors.Black.WithAlpha(0.6);
        zero.LinePattern = LinePattern.Dashed;
        zero.LineWidth = 1;
        var positions = new double[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var d = rows[i].DeltaVsNone!;
            positions[i] = i + 1;
            var color = palette.Plot(rows[i].Name);
            if (d.Ci is not null)
            {
                double[] x = [i + 1.0];
                double[] y = [d.Mean];
                var bar = plot.Add.ErrorBar(x, y, new[] { d.Ci.High - d.Mean });
                bar.Color = color;
                bar.LineWidth = 3;
                bar.CapSize = 18;
            }
            plot.Add.Markers(new[] { i + 1.0 }, new[] { d.Mean }, MarkerShape.FilledCircle, 11, color);
        }
        plot.Axes.Bottom.SetTicks(positions, rows.Select(r => $"{r.Name} (n={r.DeltaVsNone!.N})").ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.SetLimitsX(0.4, rows.Count + 0.6);
        plot.XLabel("");
        return plot.GetImageBytes(Width, 380, ImageFormat.Png);
    }

    private static byte[] Curves(ComparisonResult result, string title, string yLabel,
        Func<CurvePoint, double> mean, Func<CurvePoint, double?> std, Alignment legend)
    {
        var plot = NewPlot(title, yLabel);
        plot.XLabel("epoch");
        var palette = VariantPalette.For(result.Variants.Select(v => v.Name).ToList());
        foreach (var v in result.Variants.Where(v => v.Curve.Count > 0))
        {
            var color = palette.Plot(v.Name);
            var xs = v.Curve.Select(p => (double)p.Epoch).ToArray();
            var ys = v.Curve.Select(mean).ToArray();
            if (v.Curve.Any(p => std(p) is not null))
            {
                var lo = v.Curve.Select(p => mean(p) - (std(p) ?? 0)).ToArray();
                var hi = v.Curve.Select(p => mean(p) + (std(p) ?? 0)).ToArray();
                var band = plot.Add.FillY(xs, lo, hi);
                band.FillColor = color.WithAlpha(0.15);
                band.LineWidth = 0;
            }
            var line = plot.Add.Scatter(xs, ys);
            line.Color = color;
            line.LineWidth = 2.5f;
            line.MarkerSize = 6;
            line.LegendText = $"{v.Name} ({v.Seeds.Count} seed{(v.Seeds.Count == 1 ? "" : "s")})";
        }
        var maxEpoch = result.Variants.SelectMany(v => v.Curve).Select(p => p.Epoch).DefaultIfEmpty(1).Max();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.SetLimitsX(0.8, Math.Max(maxEpoch, 2) + 0.2);
        plot.ShowLegend(legend);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private static readonly Lazy<string?> SansFont = new(() =>
    {
        var installed = SkiaSharp.SKFontManager.Default.GetFontFamilies().ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Segoe UI", "Noto Sans" }.FirstOrDefault(installed.Contains);
    });

    private static Plot NewPlot(string title, string yLabel)
    {
        var plot = new Plot();
        if (SansFont.Value is { } font)
            plot.Font.Set(font);
        plot.Title(title, size: 15);
        plot.YLabel(yLabel, size: 13);
        plot.Axes.Title.Label.Bold = false;
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.08);
        plot.FigureBackground.Color = Colors.White;
        return plot;
    }
}
