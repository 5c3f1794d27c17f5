namespace FrozenLm.Data.Augmentation;

/// <summary>
/// RandAugment on float CHW images in [0, 1]: N ops drawn with replacement, each applied with probability 0.5 (timm's
/// default) at magnitude M of 10; geometric ops fill with the per-channel fill value; signs are random.
/// </summary>
internal static class RandAugment
{
    public const int OpCount = 13;

    public static readonly string[] OpNames =
    [
        "identity", "auto-contrast", "equalize", "rotate", "solarize", "posterize", "contrast", "brightness",
        "sharpness", "shear-x", "shear-y", "translate-x", "translate-y",
    ];

    public static void Apply(Span<float> image, Span<float> scratch, int channels, int height, int width, int ops,
        int magnitude, ReadOnlySpan<float> fill, SampleRandom rng)
    {
        for (var i = 0; i < ops; i++)
        {
            var op = rng.NextInt(OpCount);
            var apply = rng.Chance(0.5);
            var sign = rng.Chance(0.5) ? 1.0 : -1.0;
            if (apply)
                ApplyOp(op, image, scratch, channels, height, width, magnitude / 10.0, sign, fill);
        }
    }

    /// <summary>Applies one op at level <paramref name="level"/> in [0, 1] with direction <paramref name="sign"/>.</summary>
    public static void ApplyOp(int op, Span<float> image, Span<float> scratch, int channels, int height, int width,
        double level, double sign, ReadOnlySpan<float> fill)
    {
        var size = channels * height * width;
        image = image[..size];
        scratch = scratch[..size];
        switch (op)
        {
            case 0:
                break;
            case 1:
                PixelOps.AutoContrast(image, channels, height * width);
                break;
            case 2:
                PixelOps.Equalize(image, channels, height * width);
                break;
            case 3:
                var angle = sign * level * 30.0 * Math.PI / 180.0;
                var cos = Math.Cos(angle);
                var sin = Math.Sin(angle);
                WarpInPlace(image, scratch, channels, height, width, cos, sin, 0, -sin, cos, 0, fill);
                break;
            case 4:
                PixelOps.Solarize(image, (float)(1.0 - level));
                break;
            case 5:
                PixelOps.Posterize(image, 8 - (int)(level * 4));
                break;
            case 6:
                PixelOps.Contrast(image, channels, height * width, (float)(1 + sign * level * 0.9));
                break;
            case 7:
                PixelOps.Brightness(image, (float)(1 + sign * level * 0.9));
                break;
            case 8:
                PixelOps.Sharpness(image, scratch, channels, height, width, (float)(1 + sign * level * 0.9));
                break;
            case 9:
                WarpInPlace(image, scratch, channels, height, width, 1, sign * level * 0.3, 0, 0, 1, 0, fill);
                break;
            case 10:
                WarpInPlace(image, scratch, channels, height, width, 1, 0, 0, sign * level * 0.3, 1, 0, fill);
                break;
            case 11:
                WarpInPlace(image, scratch, channels, height, width, 1, 0, -sign * level * 0.45 * width, 0, 1, 0, fill);
                break;
            case 12:
                WarpInPlace(image, scratch, channels, height, width, 1, 0, 0, 0, 1, -sign * level * 0.45 * height, fill);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, $"RandAugment op must be in 0..{OpCount - 1}");
        }
    }

    private static void WarpInPlace(Span<float> image, Span<float> scratch, int channels, int height, int width,
        double a, double b, double tx, double d, double e, double ty, ReadOnlySpan<float> fill)
    {
        image.CopyTo(scratch);
        GeometricOps.Warp(scratch, image, channels, height, width, a, b, tx, d, e, ty, fill);
    }
}
