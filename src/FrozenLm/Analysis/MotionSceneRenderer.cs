using System.Globalization;
using FrozenLm.Data.Motion;
using FrozenLm.IO;
using SkiaSharp;

namespace FrozenLm.Analysis;

/// <summary>
/// Draws a forecasting scene in the target's frame (x to the right = the target's heading), metres to scale: lane
/// segments (grey), other agents' histories (blue-grey, a dot at the last observation), the target's history (black),
/// the ground-truth future (green, dashed) and K predicted trajectories (one colour each, thicker with more confidence,
/// the confidence at the end). With per-polyline values instead, every polyline is coloured by its value in [0, 1]
/// (<see cref="Colormap"/>), for token activations.
/// </summary>
public static class MotionSceneRenderer
{
    private static readonly SKColor[] ModeColours =
    [
        new(230, 85, 13), new(49, 130, 189), new(117, 107, 177), new(222, 45, 38), new(214, 97, 184), new(140, 86, 75),
        new(188, 189, 34), new(23, 190, 207),
    ];

    public static void Save(string path, VectorizedScene scene, IReadOnlyList<float[]>? trajectories, IReadOnlyList<float>? confidences,
        IReadOnlyList<double>? polylineValues, string title, int size = 640) =>
        AtomicFile.WriteAllBytes(path, Render(scene, trajectories, confidences, polylineValues, title, size));

    /// <param name="scene">The scene (its polylines and target history / future in metres, target frame).</param>
    /// <param name="trajectories">Predicted trajectories [T * 2] in metres, or null.</param>
    /// <param name="confidences">Their confidences (same count), or null.</param>
    /// <param name="polylineValues">One value in [0, 1] per polyline of <see cref="VectorizedScene.Polylines"/>, or null.</param>
    /// <param name="title">Drawn at the top.</param>
    /// <param name="size">Width and height in pixels.</param>
    public static byte[] Render(VectorizedScene scene, IReadOnlyList<float[]>? trajectories, IReadOnlyList<float>? confidences,
        IReadOnlyList<double>? polylineValues, string title, int size = 640)
    {
        if (polylineValues is not null && polylineValues.Count != scene.Polylines.Count)
            throw new ArgumentException($"{polylineValues.Count} values for {scene.Polylines.Count} polylines");
        var focus = new List<float[]> { scene.History };
        if (scene.HasFuture)
            focus.Add(scene.Future);
        if (trajectories is not null)
            focus.AddRange(trajectories);
        var xs = focus.SelectMany(p => p.Where((_, i) => i % 2 == 0)).ToArray();
        var ys = focus.SelectMany(p => p.Where((_, i) => i % 2 == 1)).ToArray();
        var (cx, cy) = ((xs.Min() + xs.Max()) / 2.0, (ys.Min() + ys.Max()) / 2.0);
        var span = Math.Max(40.0, Math.Max(xs.Max() - xs.Min(), ys.Max() - ys.Min()) + 20);
        var top = size * 0.07f;
        var scale = (size - top) / span;
        SKPoint Px(double x, double y) => new((float)(size / 2.0 + (x - cx) * scale), (float)(top + (size - top) / 2.0 - (y - cy) * scale));

        using var surface = SKSurface.Create(new SKImageInfo(size, size));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.Save();
        canvas.ClipRect(new SKRect(0, top, size, size));
        using var stroke = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeCap = SKStrokeCap.Round, StrokeJoin = SKStrokeJoin.Round };
        using var fill = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };

        var order = Enumerable.Range(0, scene.Polylines.Count).OrderBy(i => scene.Polylines[i].Kind == PolylineKind.Lane ? 0 : 1);
        foreach (var i in order)
        {
            var (kind, points) = scene.Polylines[i];
            if (points.Length < 2)
                continue;
            if (polylineValues is not null)
            {
                var (r, g, b) = Colormap.Color((float)polylineValues[i]);
                stroke.Color = new SKColor(r, g, b);
                stroke.StrokeWidth = kind == PolylineKind.Lane ? 4 : 5;
            }
            else
            {
                stroke.Color = kind switch
                {
                    PolylineKind.Lane => new SKColor(190, 190, 190),
                    PolylineKind.Agent => new SKColor(90, 110, 140),
                    _ => SKColors.Black,
                };
                stroke.StrokeWidth = kind == PolylineKind.Lane ? 2 : 3;
            }
            DrawPath(canvas, points, stroke, Px);
            if (kind != PolylineKind.Lane)
            {
                fill.Color = stroke.Color;
                canvas.DrawCircle(Px(points[^2], points[^1]), stroke.StrokeWidth + 1, fill);
            }
        }

        if (scene.HasFuture)
        {
            using var dash = SKPathEffect.CreateDash([8, 5], 0);
            stroke.PathEffect = dash;
            stroke.Color = new SKColor(40, 160, 60);
            stroke.StrokeWidth = 3;
            DrawPath(canvas, [scene.History[^2], scene.History[^1], .. scene.Future], stroke, Px);
            stroke.PathEffect = null;
        }

        using var font = new SKFont(FontLocator.Typeface(), size / 48f);
        using var text = new SKPaint { IsAntialias = true, Color = SKColors.Black };
        if (trajectories is not null)
        {
            var ranked = Enumerable.Range(0, trajectories.Count).OrderBy(k => confidences?[k] ?? 0).ToList();
            foreach (var k in ranked)
            {
                var c = confidences?[k] ?? 1f / trajectories.Count;
                stroke.Color = ModeColours[k % ModeColours.Length];
                stroke.StrokeWidth = 1.5f + 4 * c;
                DrawPath(canvas, [scene.History[^2], scene.History[^1], .. trajectories[k]], stroke, Px);
                var end = Px(trajectories[k][^2], trajectories[k][^1]);
                text.Color = stroke.Color;
                canvas.DrawText((c * 100).ToString("F0", CultureInfo.InvariantCulture) + "%", end.X + 4, end.Y - 4, font, text);
            }
        }
        canvas.Restore();
        text.Color = SKColors.Black;
        using var titleFont = new SKFont(FontLocator.Typeface(), size / 40f);
        canvas.DrawText(title, 8, top * 0.65f, titleFont, text);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static void DrawPath(SKCanvas canvas, float[] points, SKPaint paint, Func<double, double, SKPoint> px)
    {
        using var path = new SKPath();
        path.MoveTo(px(points[0], points[1]));
        for (var i = 1; i < points.Length / 2; i++)
            path.LineTo(px(points[2 * i], points[2 * i + 1]));
        canvas.DrawPath(path, paint);
    }
}
