using FrozenLm.Data.Augmentation;
using SkiaSharp;

namespace FrozenLm.Data;

/// <summary>Decodes PNG/JPEG files (SkiaSharp) into float CHW images in [0, 1] of a chosen channel count and size.</summary>
public static class ImageFiles
{
    /// <summary>Decodes <paramref name="path"/>, converts it to <paramref name="channels"/> (1 = gray, 3 = RGB) and resizes it bilinearly.</summary>
    public static float[] LoadImage(string path, int channels, int height, int width)
    {
        if (channels is not (1 or 3))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be 1 or 3");
        var (native, nativeH, nativeW) = Decode(path, channels);
        var result = new float[channels * height * width];
        Resampling.Resize(native, channels, nativeH, nativeW, result, height, width);
        return result;
    }

    /// <summary>The size of an image file and whether it is stored as grayscale, read from its header.</summary>
    public static (int Height, int Width, bool Gray) Probe(string path)
    {
        using var codec = OpenCodec(path);
        return (codec.Info.Height, codec.Info.Width, codec.Info.ColorType == SKColorType.Gray8);
    }

    private static (float[] Pixels, int Height, int Width) Decode(string path, int channels)
    {
        using var codec = OpenCodec(path);
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = SKBitmap.Decode(codec, info)
            ?? throw new UserInputException(path, "not a decodable PNG/JPEG image");
        var h = bitmap.Height;
        var w = bitmap.Width;
        var rgba = bitmap.GetPixelSpan();
        var rowBytes = bitmap.RowBytes;
        var plane = h * w;
        var pixels = new float[channels * plane];
        for (var y = 0; y < h; y++)
        {
            var row = rgba.Slice(y * rowBytes, w * 4);
            for (var x = 0; x < w; x++)
            {
                float r = row[4 * x], g = row[4 * x + 1], b = row[4 * x + 2];
                var p = y * w + x;
                if (channels == 1)
                {
                    pixels[p] = (0.299f * r + 0.587f * g + 0.114f * b) / 255f;
                }
                else
                {
                    pixels[p] = r / 255f;
                    pixels[plane + p] = g / 255f;
                    pixels[2 * plane + p] = b / 255f;
                }
            }
        }
        return (pixels, h, w);
    }

    private static SKCodec OpenCodec(string path)
    {
        if (!File.Exists(path))
            throw new UserInputException(path, "file not found");
        var codec = SKCodec.Create(path);
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0)
        {
            codec?.Dispose();
            throw new UserInputException(path, "not a decodable PNG/JPEG image");
        }
        return codec;
    }
}
