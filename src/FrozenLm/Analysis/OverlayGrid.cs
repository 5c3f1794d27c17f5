using FrozenLm.Data;
using SkiaSharp;

namespace FrozenLm.Analysis;

/// <summary>
/// Renders a PNG grid with one row per image: the input (with the object mask outlined when known), then each map
/// bilinearly upsampled to the image, coloured with <see cref="Colormap"/> and blended over a grey copy of the input.
/// </summary>
public static class OverlayGrid
{
    private const float MapWeight = 0.6f;

    /// <summary>Writes the grid to <paramref name="path"/> atomically; <paramref name="columns"/> titles the map columns.</summary>
    public static void Save(string path, IReadOnlyList<string> columns, IReadOnlyList<OverlayRow> rows, int cellSize = 96)
    {
        if (rows.Any(r => r.Maps.Count != columns.Count))
            throw new ArgumentException($"every row needs {columns.Count} maps, one per column");
        var inputs = rows.Select(row => (Rgb: ImageToRgb(row, cellSize),
            Mask: row.Mask is null ? null : BilinearResize.Resize(row.Mask, 1, row.Height, row.Width, cellSize, cellSize))).ToList();
        using var labelPaint = new SKPaint { Color = SKColors.White, IsAntialias = true };
        CellGrid.Save(path, ["input", .. columns], rows.Count, cellSize, (canvas, r, c, left, top, font, _) =>
        {
            var row = rows[r];
            var (rgb, mask) = inputs[r];
            if (c == 0)
            {
                DrawCell(canvas, Compose(rgb, null, mask, cellSize), left, top, cellSize);
                canvas.DrawText(row.Label, left + 3, top + cellSize - 4, SKTextAlign.Left, font, labelPaint);
                return true;
            }
            var map = row.Maps[c - 1];
            if (map is null)
                return false;
            if (map.Length != row.GridH * row.GridW)
                throw new ArgumentException($"map has {map.Length} values, expected {row.GridH}x{row.GridW}");
            var up = BilinearResize.Resize(map, 1, row.GridH, row.GridW, cellSize, cellSize);
            DrawCell(canvas, Compose(rgb, up, mask, cellSize), left, top, cellSize);
            return true;
        });
    }

    private static float[] ImageToRgb(OverlayRow row, int cellSize)
    {
        var resized = BilinearResize.Resize(row.Image, row.Channels, row.Height, row.Width, cellSize, cellSize);
        var plane = cellSize * cellSize;
        var rgb = new float[3 * plane];
        for (var c = 0; c < 3; c++)
            Array.Copy(resized, (row.Channels >= 3 ? c : 0) * plane, rgb, c * plane, plane);
        return rgb;
    }

    private static byte[] Compose(float[] rgb, float[]? map, float[]? mask, int size)
    {
        var plane = size * size;
        var pixels = new byte[plane * 4];
        for (var i = 0; i < plane; i++)
        {
            float r = rgb[i], g = rgb[plane + i], b = rgb[2 * plane + i];
            if (map is not null)
            {
                var grey = 0.299f * r + 0.587f * g + 0.114f * b;
                var (cr, cg, cb) = Colormap.Color(map[i]);
                r = (1 - MapWeight) * grey + MapWeight * cr / 255f;
                g = (1 - MapWeight) * grey + MapWeight * cg / 255f;
                b = (1 - MapWeight) * grey + MapWeight * cb / 255f;
            }
            else if (mask is not null && IsEdge(mask, i, size))
            {
                (r, g, b) = (1f, 0.1f, 0.8f);
            }
            pixels[4 * i] = ToByte(r);
            pixels[4 * i + 1] = ToByte(g);
            pixels[4 * i + 2] = ToByte(b);
            pixels[4 * i + 3] = 255;
        }
        return pixels;
    }

    private static bool IsEdge(float[] mask, int i, int size)
    {
        if (mask[i] < 0.5f)
            return false;
        int y = i / size, x = i % size;
        return x == 0 || y == 0 || x == size - 1 || y == size - 1
               || mask[i - 1] < 0.5f || mask[i + 1] < 0.5f || mask[i - size] < 0.5f || mask[i + size] < 0.5f;
    }

    private static byte ToByte(float v) => (byte)Math.Clamp((int)Math.Round(v * 255f), 0, 255);

    private static void DrawCell(SKCanvas canvas, byte[] pixels, int left, int top, int size)
    {
        var info = new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var image = SKImage.FromPixelCopy(info, pixels);
        canvas.DrawImage(image, left, top);
    }
}
