namespace FrozenLm.Data.Augmentation;

/// <summary>
/// Batch-level mixup / cutmix (timm's pairing: sample i mixes with sample B-1-i). Lambda ~ Beta(alpha, alpha); for
/// cutmix the box side is sqrt(1 - lambda) of the image, clipped at the border, and lambda is corrected to the kept area.
/// </summary>
internal static class BatchMixer
{
    public readonly record struct MixResult(bool Cutmix, double Lambda, int Top, int Left, int Bottom, int Right);

    /// <summary>Mixes <paramref name="images"/> in place and returns soft targets [B, classes], or null when no mix was drawn.</summary>
    public static float[]? Apply(Span<float> images, int batch, int channels, int size, ReadOnlySpan<int> labels, int classes,
        ImageAugmentOptions options, SampleRandom rng, out MixResult mix)
    {
        mix = default;
        var mixup = options.MixupAlpha > 0;
        var cutmix = options.CutmixAlpha > 0;
        if ((!mixup && !cutmix) || batch < 2 || !rng.Chance(options.MixProbability))
            return null;
        var useCutmix = mixup && cutmix ? rng.Chance(0.5) : cutmix;
        var lambda = rng.NextBeta(useCutmix ? options.CutmixAlpha : options.MixupAlpha);
        var imageSize = channels * size * size;
        if (useCutmix)
        {
            var cut = Math.Sqrt(1 - lambda);
            var boxH = (int)(size * cut);
            var boxW = (int)(size * cut);
            var cy = rng.NextInt(size);
            var cx = rng.NextInt(size);
            var top = Math.Clamp(cy - boxH / 2, 0, size);
            var bottom = Math.Clamp(cy + boxH / 2, 0, size);
            var left = Math.Clamp(cx - boxW / 2, 0, size);
            var right = Math.Clamp(cx + boxW / 2, 0, size);
            lambda = 1.0 - (double)(bottom - top) * (right - left) / (size * size);
            mix = new MixResult(true, lambda, top, left, bottom, right);
            var plane = size * size;
            for (var i = 0; i < batch / 2; i++)
            {
                var own = images.Slice(i * imageSize, imageSize);
                var other = images.Slice((batch - 1 - i) * imageSize, imageSize);
                for (var c = 0; c < channels; c++)
                {
                    for (var y = top; y < bottom; y++)
                    {
                        var offset = c * plane + y * size + left;
                        Swap(own.Slice(offset, right - left), other.Slice(offset, right - left));
                    }
                }
            }
        }
        else
        {
            mix = new MixResult(false, lambda, 0, 0, 0, 0);
            var a = (float)lambda;
            var b = 1f - a;
            for (var i = 0; i < batch / 2; i++)
            {
                var own = images.Slice(i * imageSize, imageSize);
                var other = images.Slice((batch - 1 - i) * imageSize, imageSize);
                for (var p = 0; p < imageSize; p++)
                {
                    var x = own[p];
                    var y = other[p];
                    own[p] = a * x + b * y;
                    other[p] = a * y + b * x;
                }
            }
        }
        var soft = new float[batch * classes];
        for (var i = 0; i < batch; i++)
        {
            soft[i * classes + labels[i]] += (float)lambda;
            soft[i * classes + labels[batch - 1 - i]] += (float)(1 - lambda);
        }
        return soft;
    }

    private static void Swap(Span<float> a, Span<float> b)
    {
        for (var i = 0; i < a.Length; i++)
            (a[i], b[i]) = (b[i], a[i]);
    }
}
