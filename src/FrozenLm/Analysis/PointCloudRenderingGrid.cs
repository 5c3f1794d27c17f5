using FrozenLm.IO;
using FrozenLm.Reports;
using SkiaSharp;

namespace FrozenLm.Analysis;

/// <summary>
/// A PNG grid with one row per cloud and one column per map: each cell is the cloud rendered by
/// <see cref="PointCloudRenderer"/>, every point coloured by its group's map value; the row's label is drawn in its
/// first cell, on a white backing.
/// </summary>
public static class PointCloudRenderingGrid
{
    private const int Header = 22;
    private const int Gap = 4;

    /// <summary>Writes the grid to <paramref name="path"/> atomically; <paramref name="columns"/> titles the map columns.</summary>
    public static void Save(string path, IReadOnlyList<string> columns, IReadOnlyList<PointCloudRenderingRow> rows, int cellSize = 160)
    {
        if (rows.Count == 0 || columns.Count == 0)
            throw new ArgumentException("a rendering grid needs at least one row and one column");
        if (rows.Any(r => r.Maps.Count != columns.Count))
            throw new ArgumentException($"every row needs {columns.Count} maps, one per column");
        var width = Gap + columns.Count * (cellSize + Gap);
        var height = Header + rows.Count * (cellSize + Gap) + Gap;
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var typeface = FontLocator.Typeface();
        using var font = new SKFont(typeface, 11);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var frame = new SKPaint { Color = new SKColor(200, 200, 200), Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        for (var c = 0; c < columns.Count; c++)
            canvas.DrawText(columns[c], Gap + c * (cellSize + Gap) + cellSize / 2f, Header - 7, SKTextAlign.Center, font, ink);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var top = Header + r * (cellSize + Gap);
            var groups = row.Centres.Length / 3;
            for (var c = 0; c < columns.Count; c++)
            {
                var left = Gap + c * (cellSize + Gap);
                var map = row.Maps[c];
                if (map is null)
                {
                    using var fill = new SKPaint { Color = new SKColor(230, 230, 230) };
                    canvas.DrawRect(left, top, cellSize, cellSize, fill);
                    canvas.DrawText("n/a", left + cellSize / 2f, top + cellSize / 2f, SKTextAlign.Center, font, ink);
                }
                else
                {
                    if (map.Length != groups)
                        throw new ArgumentException($"map has {map.Length} values, expected one per centre ({groups})");
                    var png = PointCloudRenderer.Render(row.Points, row.Centres, map.Select(v => (double)v).ToList(), cellSize);
                    using var cell = SKBitmap.Decode(png);
                    canvas.DrawBitmap(cell, left, top);
                }
                canvas.DrawRect(left, top, cellSize, cellSize, frame);
            }
            using var backing = new SKPaint { Color = new SKColor(255, 255, 255, 210) };
            canvas.DrawRect(Gap + 1, top + 1, Math.Min(cellSize - 2, font.MeasureText(row.Label) + 6), 17, backing);
            canvas.DrawText(row.Label, Gap + 4, top + 14, SKTextAlign.Left, font, ink);
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.WriteAllBytes(path, data.ToArray());
    }
}
