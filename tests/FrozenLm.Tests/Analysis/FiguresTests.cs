using FrozenLm.Analysis;
using SkiaSharp;

namespace FrozenLm.Tests.Analysis;

public sealed class FiguresTests
{
    [Fact]
    public void Given_rows_and_maps_When_an_overlay_grid_is_saved_Then_the_png_has_one_cell_per_map_and_blends_colour()
    {
        var dir = TestPaths.NewTempDir("overlay");
        var path = Path.Combine(dir, "overlays.png");
        var image = new float[3 * 8 * 8];
        Array.Fill(image, 0.5f);
        var mask = new float[64];
        for (var y = 2; y < 6; y++)
            for (var x = 2; x < 6; x++)
                mask[y * 8 + x] = 1;
        float[] hot = [1, 1, 1, 1];
        float[] ramp = [0, 0.33f, 0.66f, 1];
        var rows = new[]
        {
            new OverlayRow(image, 3, 8, 8, "a", [hot, ramp, null], 2, 2, mask),
            new OverlayRow(image, 3, 8, 8, "b", [ramp, hot, ramp], 2, 2),
        };
        OverlayGrid.Save(path, ["x", "y", "z"], rows, cellSize: 40);
        using var png = SKBitmap.Decode(path);
        Assert.Equal(4 + 4 * 44, png.Width);
        Assert.Equal(22 + 2 * 44 + 4, png.Height);
        // Centre of row 0, column "x" (map = 1 everywhere): 0.4 * grey 0.5 + 0.6 * red (215, 30, 30).
        var centre = png.GetPixel(4 + 44 + 20, 22 + 20);
        Assert.Equal((byte)Math.Round((0.4 * 0.5 + 0.6 * 215 / 255.0) * 255), centre.Red);
        Assert.Equal((byte)Math.Round((0.4 * 0.5 + 0.6 * 30 / 255.0) * 255), centre.Green);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
    }

    [Fact]
    public void Given_series_When_a_bar_chart_is_saved_Then_a_png_is_written()
    {
        var dir = TestPaths.NewTempDir("bars");
        var path = Path.Combine(dir, "bars.png");
        GroupedBarChart.Save(path, "mIoU per capture point", "mIoU", ["visual", "lm_attn"],
            [("magnitude", [0.4, 0.6]), ("frequency", [0.3, null])]);
        using var png = SKBitmap.Decode(path);
        Assert.Equal((900, 420), (png.Width, png.Height));
    }

    [Fact]
    public void Given_a_report_When_saved_and_loaded_Then_keys_and_values_round_trip()
    {
        var dir = TestPaths.NewTempDir("report");
        var path = Path.Combine(dir, "filtering.json");
        var report = new FilteringReport
        {
            Run = "r",
            Images = 2,
            Grid = [7, 7],
            Points = { ["visual"] = new FilteringPointScores(0.5, 0.25, 0.75, null) },
            AttentionMiou = { ["vit"] = 0.4 },
        };
        report.Save(path);
        var text = File.ReadAllText(path);
        foreach (var key in new[] { "\"magnitude_miou\"", "\"frequency_miou\"", "\"magnitude_auroc\"", "\"frequency_auroc\"", "\"attention_miou\"" })
            Assert.Contains(key, text);
        var back = FilteringReport.Load(path);
        Assert.Equal(report.Points["visual"], back.Points["visual"]);
        Assert.Equal(0.4, back.AttentionMiou["vit"]);
    }
}
