using FrozenLm.Data.Augmentation;
using SkiaSharp;

namespace FrozenLm.Data;

/// <summary>Decodes PNG, JPEG, BMP and GIF files (SkiaSharp) into float CHW images in [0, 1] of a chosen channel count and size.</summary>
public static class ImageFiles
{
    /// <summary>
    /// The largest image decoded (64 megapixels, 256 MiB as RGBA): a file's header states its size, so a 150-byte PNG
    /// can claim 30000 x 30000 pixels; larger ones are refused before any pixel buffer is allocated.
    /// </summary>
    public const long MaxPixels = 64L << 20;

    /// <summary>
    /// The most pixels a file may claim per byte it holds. Deflate (PNG) compresses at most about 1032:1, so a 1-bit PNG
    /// holds at most ~8,300 pixels per byte; JPEG, BMP RLE and GIF LZW stay below that. A header claiming more is a
    /// truncated or forged file that would make the decoder fill a huge bitmap from nothing.
    /// </summary>
    public const long MaxPixelsPerByte = 16384;

    /// <summary>The encodings read; Skia also takes headerless WBMP, which turns almost any short file into an "image".</summary>
    private static readonly SKEncodedImageFormat[] Formats =
        [SKEncodedImageFormat.Png, SKEncodedImageFormat.Jpeg, SKEncodedImageFormat.Bmp, SKEncodedImageFormat.Gif];

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
        using var bitmap = DecodePixels(path, codec, info);
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

    /// <summary>Decodes the pixels of an opened codec; any decoder failure is a one-line error naming the file.</summary>
    public static SKBitmap DecodePixels(string path, SKCodec codec, SKImageInfo info)
    {
        try
        {
            return SKBitmap.Decode(codec, info) ?? throw new UserInputException(path, "not a decodable PNG/JPEG image");
        }
        catch (Exception e) when (e is not UserInputException)
        {
            throw new UserInputException(path, $"cannot decode the {info.Width} x {info.Height} image ({e.Message})", e);
        }
    }

    /// <summary>Opens the decoder of an image file, refusing files that are not images or are over <see cref="MaxPixels"/>.</summary>
    public static SKCodec OpenCodec(string path)
    {
        if (!File.Exists(path))
            throw new UserInputException(path, "file not found");
        var codec = SKCodec.Create(path);
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0)
        {
            codec?.Dispose();
            throw new UserInputException(path, "not a decodable PNG/JPEG image");
        }
        if (Array.IndexOf(Formats, codec.EncodedFormat) < 0)
        {
            var format = codec.EncodedFormat;
            codec.Dispose();
            throw new UserInputException(path, $"not a PNG, JPEG, BMP or GIF image (it decodes as {format.ToString().ToUpperInvariant()})");
        }
        var (w, h) = (codec.Info.Width, codec.Info.Height);
        var pixels = (long)w * h;
        if (pixels > MaxPixels)
        {
            codec.Dispose();
            throw new UserInputException(path, $"the image is {w} x {h} pixels, more than the {MaxPixels >> 20}-megapixel limit");
        }
        var bytes = new FileInfo(path).Length;
        if (pixels > MaxPixelsPerByte * bytes)
        {
            codec.Dispose();
            throw new UserInputException(path, $"the header claims {w} x {h} pixels, more than a {bytes}-byte file can hold (truncated or corrupt)");
        }
        return codec;
    }
}
