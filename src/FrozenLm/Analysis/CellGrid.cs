using FrozenLm.IO;
using SkiaSharp;

namespace FrozenLm.Analysis;

/// <summary>
/// The layout the explain figures share: a white PNG with a title row and rows of square cells, one column per title,
/// written atomically. Callers paint the cells; a cell they leave empty is drawn grey with "n/a".
/// </summary>
internal static class CellGrid
{
    private const int Header = 22;
    private const int Gap = 4;

    /// <summary>Paints one cell at (<paramref name="left"/>, <paramref name="top"/>); returns false when it has nothing to show.</summary>
    public delegate bool CellPainter(SKCanvas canvas, int row, int column, int left, int top, SKFont font, SKPaint ink);

    /// <summary>Paints over a finished row (labels), given its first cell's top-left corner.</summary>
    public delegate void RowPainter(SKCanvas canvas, int row, int left, int top, SKFont font, SKPaint ink);

    public static void Save(string path, IReadOnlyList<string> titles, int rows, int cellSize, CellPainter paintCell,
        RowPainter? paintRow = null)
    {
        if (rows == 0 || titles.Count == 0)
            throw new ArgumentException("a figure grid needs at least one row and one column");
        var width = Gap + titles.Count * (cellSize + Gap);
        var height = Header + rows * (cellSize + Gap) + Gap;
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var typeface = FontLocator.Typeface();
        using var font = new SKFont(typeface, 11);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var blank = new SKPaint { Color = new SKColor(230, 230, 230) };
        for (var c = 0; c < titles.Count; c++)
            canvas.DrawText(titles[c], Gap + c * (cellSize + Gap) + cellSize / 2f, Header - 7, SKTextAlign.Center, font, ink);
        for (var r = 0; r < rows; r++)
        {
            var top = Header + r * (cellSize + Gap);
            for (var c = 0; c < titles.Count; c++)
            {
                var left = Gap + c * (cellSize + Gap);
                if (paintCell(canvas, r, c, left, top, font, ink))
                    continue;
                canvas.DrawRect(left, top, cellSize, cellSize, blank);
                canvas.DrawText("n/a", left + cellSize / 2f, top + cellSize / 2f, SKTextAlign.Center, font, ink);
            }
            paintRow?.Invoke(canvas, r, Gap, top, font, ink);
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.WriteAllBytes(path, data.ToArray());
    }
}
