using FrozenLm.IO;
using FrozenLm.Training;
using ScottPlot;

namespace FrozenLm.Reports;

/// <summary>Draws a run's training loss (left axis) and evaluation accuracy in % (right axis) per epoch as a PNG.</summary>
public static class CurvePlot
{
    public static void Save(string path, IReadOnlyList<EpochMetrics> epochs, IReadOnlyList<string> metricNames, string title)
    {
        var plot = new Plot();
        var xs = epochs.Select(e => (double)e.Epoch).ToArray();
        var loss = plot.Add.Scatter(xs, epochs.Select(e => e.Loss).ToArray());
        loss.LegendText = "train loss";
        var evalLoss = plot.Add.Scatter(xs, epochs.Select(e => e.EvalLoss).ToArray());
        evalLoss.LegendText = "eval loss";
        evalLoss.LinePattern = LinePattern.Dashed;
        foreach (var name in metricNames)
        {
            var acc = plot.Add.Scatter(xs, epochs.Select(e => 100.0 * e.Metrics.GetValueOrDefault(name, double.NaN)).ToArray());
            acc.LegendText = $"eval {name} (%)";
            acc.Axes.YAxis = plot.Axes.Right;
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.Axes.Left.Label.Text = "loss";
        plot.Axes.Right.Label.Text = "accuracy (%)";
        plot.ShowLegend(Alignment.MiddleRight);
        var bytes = plot.GetImageBytes(900, 520, ImageFormat.Png);
        AtomicFile.WriteAllBytes(path, bytes);
    }
}
