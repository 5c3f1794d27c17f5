using SkiaSharp;

namespace FrozenLm.Data;

/// <summary>Reads an ImageNet-S style object mask: a PNG (or any decodable image) where any non-zero RGB pixel is object.</summary>
public static class ObjectMaskFile
{
    /// <summary>Decodes <paramref name="path"/> and resizes it (nearest neighbour) to [height, width] floats in {0, 1}.</summary>
    public static float[] Load(string path, int height, int width)
    {
        if (!File.Exists(path))
            throw new UserInputException(path, "mask file not found");
        using var codec = ImageFiles.OpenCodec(path);
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = ImageFiles.DecodePixels(path, codec, info);
        var pixels = bitmap.GetPixelSpan();
        int sourceH = bitmap.Height, sourceW = bitmap.Width;
        var result = new float[height * width];
        for (var y = 0; y < height; y++)
        {
            var sy = Math.Min(sourceH - 1, (int)((y + 0.5) * sourceH / height));
            for (var x = 0; x < width; x++)
            {
                var sx = Math.Min(sourceW - 1, (int)((x + 0.5) * sourceW / width));
                var p = (sy * sourceW + sx) * 4;
                result[y * width + x] = pixels[p] != 0 || pixels[p + 1] != 0 || pixels[p + 2] != 0 ? 1f : 0f;
            }
        }
        return result;
    }
}
