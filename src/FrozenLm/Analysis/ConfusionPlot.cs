using FrozenLm.IO;
using ScottPlot;

namespace FrozenLm.Analysis;

/// <summary>Draws a confusion matrix (rows: true class, columns: predicted class, colour: row-normalised %) as a PNG.</summary>
public static class ConfusionPlot
{
    public static void Save(string path, long[,] counts, IReadOnlyList<string> classNames, string title)
    {
        var k = classNames.Count;
        var percent = new double[k, k];
        for (var t = 0; t < k; t++)
        {
            double row = 0;
            for (var p = 0; p < k; p++)
                row += counts[t, p];
            for (var p = 0; p < k; p++)
                percent[t, p] = row == 0 ? 0 : 100.0 * counts[t, p] / row;
        }
        var plot = new Plot();
        var map = plot.Add.Heatmap(percent);
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(map).Label = "% of true class";
        var ticks = Enumerable.Range(0, k).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, [.. classNames]);
        plot.Axes.Left.SetTicks(ticks, classNames.Reverse().ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Title(title);
        plot.XLabel("predicted");
        plot.YLabel("true");
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(900, 800, ImageFormat.Png));
    }
}
