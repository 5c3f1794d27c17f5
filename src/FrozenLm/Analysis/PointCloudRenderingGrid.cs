using SkiaSharp;

namespace FrozenLm.Analysis;

/// <summary>
/// A PNG grid with one row per cloud and one column per map: each cell is the cloud rendered by
/// <see cref="PointCloudRenderer"/>, every point coloured by its group's map value; the row's label is drawn in its
/// first cell, on a white backing.
/// </summary>
public static class PointCloudRenderingGrid
{
    /// <summary>Writes the grid to <paramref name="path"/> atomically; <paramref name="columns"/> titles the map columns.</summary>
    public static void Save(string path, IReadOnlyList<string> columns, IReadOnlyList<PointCloudRenderingRow> rows, int cellSize = 160)
    {
        if (rows.Any(r => r.Maps.Count != columns.Count))
            throw new ArgumentException($"every row needs {columns.Count} maps, one per column");
        using var frame = new SKPaint { Color = new SKColor(200, 200, 200), Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        using var backing = new SKPaint { Color = new SKColor(255, 255, 255, 210) };
        CellGrid.Save(path, columns, rows.Count, cellSize,
            (canvas, r, c, left, top, _, _) =>
            {
                var row = rows[r];
                var map = row.Maps[c];
                if (map is not null)
                {
                    if (map.Length != row.Centres.Length / 3)
                        throw new ArgumentException($"map has {map.Length} values, expected one per centre ({row.Centres.Length / 3})");
                    var png = PointCloudRenderer.Render(row.Points, row.Centres, map.Select(v => (double)v).ToList(), cellSize);
                    using var cell = SKBitmap.Decode(png);
                    canvas.DrawBitmap(cell, left, top);
                    canvas.DrawRect(left, top, cellSize, cellSize, frame);
                }
                return map is not null;
            },
            (canvas, r, left, top, font, ink) =>
            {
                canvas.DrawRect(left + 1, top + 1, Math.Min(cellSize - 2, font.MeasureText(rows[r].Label) + 6), 17, backing);
                canvas.DrawText(rows[r].Label, left + 4, top + 14, SKTextAlign.Left, font, ink);
            });
    }
}
