using FrozenLm.Analysis;
using SkiaSharp;

namespace FrozenLm.Tests.PointClouds;

public sealed class PointCloudRendererTests
{
    [Fact]
    public void GivenTwoGroupsWithLowAndHighValues_WhenRendered_ThenThePngShowsBothEndColoursOnWhite()
    {
        var rng = new Random(1);
        var points = new float[400 * 3];
        for (var i = 0; i < 400; i++)
        {
            points[3 * i] = (i < 200 ? -1f : 1f) + (float)(rng.NextDouble() * 0.4 - 0.2);
            points[3 * i + 1] = (float)(rng.NextDouble() * 0.4 - 0.2);
            points[3 * i + 2] = (float)(rng.NextDouble() * 0.4 - 0.2);
        }
        float[] centres = [-1, 0, 0, 1, 0, 0];
        var path = Path.Combine(TestPaths.NewTempDir("render"), "cloud.png");

        PointCloudRenderer.Save(path, points, centres, [0.0, 1.0], size: 200, title: "test");

        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal((200, 200), (bitmap.Width, bitmap.Height));
        var pixels = bitmap.Pixels;
        bool Near(SKColor p, SKColor c) => Math.Abs(p.Red - c.Red) + Math.Abs(p.Green - c.Green) + Math.Abs(p.Blue - c.Blue) < 30;
        Assert.Contains(pixels, p => Near(p, PointCloudRenderer.Colour(0)));
        Assert.Contains(pixels, p => Near(p, PointCloudRenderer.Colour(1)));
        Assert.True(pixels.Count(p => p == SKColors.White) > pixels.Length / 2, "background should stay mostly white");
        Assert.Throws<ArgumentException>(() => PointCloudRenderer.Render(points, centres, [0.5]));
    }
}
