using FrozenLm.IO;
using FrozenLm.Tasks;
using ScottPlot;

namespace FrozenLm.Training;

/// <summary>
/// Draws a run's training and evaluation loss (left axis) and its evaluation metrics in their display units (right
/// axis, labelled by the primary metric's unit) per epoch as a PNG (curves.png of a run directory).
/// </summary>
public static class CurvePlot
{
    public static void Save(string path, IReadOnlyList<EpochMetrics> epochs, IReadOnlyList<MetricInfo> metrics, string title)
    {
        var plot = new Plot();
        var xs = epochs.Select(e => (double)e.Epoch).ToArray();
        var loss = plot.Add.Scatter(xs, epochs.Select(e => e.Loss).ToArray());
        loss.LegendText = "train loss";
        var evalLoss = plot.Add.Scatter(xs, epochs.Select(e => e.EvalLoss).ToArray());
        evalLoss.LegendText = "eval loss";
        evalLoss.LinePattern = LinePattern.Dashed;
        foreach (var metric in metrics.Where(m => epochs.Any(e => e.Metrics.ContainsKey(m.Key))))
        {
            var line = plot.Add.Scatter(xs, epochs.Select(e => metric.ToDisplay(e.Metrics.GetValueOrDefault(metric.Key, double.NaN))).ToArray());
            line.LegendText = metric.Unit == "" ? $"eval {metric.Label}" : $"eval {metric.Label} ({metric.Unit})";
            line.Axes.YAxis = plot.Axes.Right;
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.Axes.Left.Label.Text = "loss";
        plot.Axes.Right.Label.Text = metrics.Count == 0 || metrics[0].Unit == "" ? "metric" : $"{metrics[0].Label} ({metrics[0].Unit})";
        plot.ShowLegend(Alignment.MiddleRight);
        var bytes = plot.GetImageBytes(900, 520, ImageFormat.Png);
        AtomicFile.WriteAllBytes(path, bytes);
    }
}
