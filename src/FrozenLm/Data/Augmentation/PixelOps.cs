namespace FrozenLm.Data.Augmentation;

/// <summary>The colour and tone operations of RandAugment on float CHW images in [0, 1] (PIL's definitions).</summary>
internal static class PixelOps
{
    public static void AutoContrast(Span<float> image, int channels, int plane)
    {
        for (var c = 0; c < channels; c++)
        {
            var channel = image.Slice(c * plane, plane);
            var lo = float.MaxValue;
            var hi = float.MinValue;
            foreach (var v in channel)
            {
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
            if (hi - lo < 1e-6f)
                continue;
            var scale = 1f / (hi - lo);
            for (var i = 0; i < channel.Length; i++)
                channel[i] = (channel[i] - lo) * scale;
        }
    }

    /// <summary>Histogram equalisation per channel over 256 levels (PIL ImageOps.equalize's lookup table).</summary>
    public static void Equalize(Span<float> image, int channels, int plane)
    {
        Span<int> histogram = stackalloc int[256];
        Span<float> lut = stackalloc float[256];
        for (var c = 0; c < channels; c++)
        {
            var channel = image.Slice(c * plane, plane);
            histogram.Clear();
            foreach (var v in channel)
                histogram[Level(v)]++;
            var last = 255;
            while (last > 0 && histogram[last] == 0)
                last--;
            var step = (plane - histogram[last]) / 255;
            if (step == 0)
                continue;
            var n = step / 2;
            for (var i = 0; i < 256; i++)
            {
                lut[i] = Math.Min(n / step, 255) / 255f;
                n += histogram[i];
            }
            for (var i = 0; i < channel.Length; i++)
                channel[i] = lut[Level(channel[i])];
        }
    }

    public static void Solarize(Span<float> image, float threshold)
    {
        for (var i = 0; i < image.Length; i++)
        {
            if (image[i] >= threshold)
                image[i] = 1f - image[i];
        }
    }

    public static void Posterize(Span<float> image, int bits)
    {
        var mask = (byte)(0xFF << (8 - Math.Clamp(bits, 1, 8)));
        for (var i = 0; i < image.Length; i++)
            image[i] = (Level(image[i]) & mask) / 255f;
    }

    /// <summary>Blends towards the mean gray level of the image by factor (0 = flat gray, 1 = unchanged).</summary>
    public static void Contrast(Span<float> image, int channels, int plane, float factor)
    {
        double sum = 0;
        if (channels == 3)
        {
            for (var p = 0; p < plane; p++)
                sum += 0.299 * image[p] + 0.587 * image[plane + p] + 0.114 * image[2 * plane + p];
        }
        else
        {
            for (var i = 0; i < channels * plane; i++)
                sum += image[i];
            sum /= channels;
        }
        var mean = (float)(sum / plane);
        for (var i = 0; i < image.Length; i++)
            image[i] = Math.Clamp(mean + factor * (image[i] - mean), 0f, 1f);
    }

    public static void Brightness(Span<float> image, float factor)
    {
        for (var i = 0; i < image.Length; i++)
            image[i] = Math.Clamp(image[i] * factor, 0f, 1f);
    }

    /// <summary>Blends with PIL's smoothing filter ([1 1 1; 1 5 1; 1 1 1] / 13, border pixels kept) by factor.</summary>
    public static void Sharpness(Span<float> image, Span<float> scratch, int channels, int height, int width, float factor)
    {
        image.CopyTo(scratch);
        var plane = height * width;
        for (var c = 0; c < channels; c++)
        {
            var src = scratch.Slice(c * plane, plane);
            var dst = image.Slice(c * plane, plane);
            for (var y = 1; y < height - 1; y++)
            {
                for (var x = 1; x < width - 1; x++)
                {
                    var p = y * width + x;
                    var blurred = (src[p - width - 1] + src[p - width] + src[p - width + 1] + src[p - 1] + 5 * src[p]
                        + src[p + 1] + src[p + width - 1] + src[p + width] + src[p + width + 1]) / 13f;
                    dst[p] = Math.Clamp(blurred + factor * (src[p] - blurred), 0f, 1f);
                }
            }
        }
    }

    private static int Level(float v) => Math.Clamp((int)(v * 255f + 0.5f), 0, 255);
}
