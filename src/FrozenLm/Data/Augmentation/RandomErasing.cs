namespace FrozenLm.Data.Augmentation;

/// <summary>
/// timm-style random erasing on a normalised image: with a probability, one rectangle (area 2%..33%, log-uniform
/// aspect 0.3..3.3, ten tries) is filled with per-pixel standard normal noise in every channel.
/// </summary>
internal static class RandomErasing
{
    public static (int Top, int Left, int Height, int Width)? Apply(Span<float> image, int channels, int height, int width,
        double probability, SampleRandom rng)
    {
        if (probability <= 0 || !rng.Chance(probability))
            return null;
        var area = (double)height * width;
        var logLow = Math.Log(0.3);
        var logHigh = Math.Log(1 / 0.3);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var target = area * rng.Uniform(0.02, 1.0 / 3.0);
            var ratio = Math.Exp(rng.Uniform(logLow, logHigh));
            var h = (int)Math.Round(Math.Sqrt(target * ratio));
            var w = (int)Math.Round(Math.Sqrt(target / ratio));
            if (h <= 0 || w <= 0 || h >= height || w >= width)
                continue;
            var top = rng.NextInt(0, height - h);
            var left = rng.NextInt(0, width - w);
            var plane = height * width;
            for (var c = 0; c < channels; c++)
            {
                for (var y = top; y < top + h; y++)
                {
                    var row = image.Slice(c * plane + y * width + left, w);
                    for (var x = 0; x < w; x++)
                        row[x] = (float)rng.NextGaussian();
                }
            }
            return (top, left, h, w);
        }
        return null;
    }
}
