namespace FrozenLm.Data.PointClouds;

/// <summary>Applies <see cref="PointCloudAugmentOptions"/> to one cloud [n, 3] in place, drawing from the given RNG.</summary>
public static class PointCloudAugmenter
{
    public static void Apply(Span<float> xyz, PointCloudAugmentOptions options, Random rng)
    {
        var n = xyz.Length / 3;
        if (options.RotateUp)
        {
            var a = 2 * Math.PI * rng.NextDouble();
            var (c, s) = ((float)Math.Cos(a), (float)Math.Sin(a));
            for (var i = 0; i < n; i++)
            {
                var x = xyz[3 * i];
                var z = xyz[3 * i + 2];
                xyz[3 * i] = c * x + s * z;
                xyz[3 * i + 2] = -s * x + c * z;
            }
        }
        if (options.ScaleAndTranslate)
        {
            Span<float> scale = stackalloc float[3];
            Span<float> shift = stackalloc float[3];
            for (var d = 0; d < 3; d++)
            {
                scale[d] = (float)(options.ScaleMin + (options.ScaleMax - options.ScaleMin) * rng.NextDouble());
                shift[d] = (float)(options.Translate * (2 * rng.NextDouble() - 1));
            }
            for (var i = 0; i < n; i++)
            {
                for (var d = 0; d < 3; d++)
                    xyz[3 * i + d] = xyz[3 * i + d] * scale[d] + shift[d];
            }
        }
        if (options.PointDropoutMax > 0 && n > 1)
        {
            var ratio = rng.NextDouble() * options.PointDropoutMax;
            for (var i = 1; i < n; i++)
            {
                if (rng.NextDouble() < ratio)
                    xyz.Slice(0, 3).CopyTo(xyz.Slice(3 * i, 3));
            }
        }
        if (options.Jitter > 0)
        {
            for (var i = 0; i < xyz.Length; i++)
            {
                var g = Math.Sqrt(-2.0 * Math.Log(1.0 - rng.NextDouble())) * Math.Cos(2.0 * Math.PI * rng.NextDouble());
                xyz[i] += (float)Math.Clamp(options.Jitter * g, -options.JitterClip, options.JitterClip);
            }
        }
    }
}
