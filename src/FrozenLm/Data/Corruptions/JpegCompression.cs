using FrozenLm.Data.Augmentation;
using SkiaSharp;

namespace FrozenLm.Data.Corruptions;

/// <summary><c>jpeg_compression</c>: a round trip through SkiaSharp's JPEG encoder at the severity's quality (8-bit gray
/// for one channel, RGB otherwise).</summary>
internal sealed class JpegCompression : IImageCorruption
{
    public static readonly SeverityTable<int> Quality = new([80, 65, 58, 50, 40], [25, 18, 15, 10, 7]);

    public string Name => "jpeg_compression";

    public void Apply(Span<float> image, PlaneShape shape, int severity, CorruptionScale scale, SampleRandom rng) =>
        Decode(Encode(image, shape, Quality[scale, severity]), shape).CopyTo(image);

    /// <summary>The image as JPEG bytes at <paramref name="quality"/>.</summary>
    public static byte[] Encode(ReadOnlySpan<float> image, PlaneShape shape, int quality)
    {
        var gray = shape.Channels < 3;
        var info = new SKImageInfo(shape.Width, shape.Height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque);
        var pixels = new byte[shape.Plane * info.BytesPerPixel];
        for (var p = 0; p < shape.Plane; p++)
        {
            if (gray)
            {
                pixels[p] = ToByte(image[p]);
                continue;
            }
            for (var c = 0; c < 3; c++)
                pixels[4 * p + c] = ToByte(image[c * shape.Plane + p]);
            pixels[4 * p + 3] = 255;
        }
        using var bitmap = new SKBitmap();
        var handle = System.Runtime.InteropServices.GCHandle.Alloc(pixels, System.Runtime.InteropServices.GCHandleType.Pinned);
        try
        {
            bitmap.InstallPixels(info, handle.AddrOfPinnedObject(), info.RowBytes);
            using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, quality)
                ?? throw new InvalidOperationException("the JPEG encoder returned nothing");
            return data.ToArray();
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>Decodes JPEG bytes back into a CHW float image of <paramref name="shape"/>.</summary>
    public static float[] Decode(byte[] jpeg, PlaneShape shape)
    {
        var gray = shape.Channels < 3;
        using var decoded = SKBitmap.Decode(jpeg) ?? throw new InvalidOperationException("the JPEG decoder returned nothing");
        using var converted = decoded.Copy(gray ? SKColorType.Gray8 : SKColorType.Rgba8888)
            ?? throw new InvalidOperationException("cannot convert the decoded JPEG");
        var bytes = converted.Bytes;
        var step = gray ? 1 : 4;
        var rowBytes = converted.RowBytes;
        var result = new float[shape.Length];
        for (var y = 0; y < shape.Height; y++)
            for (var x = 0; x < shape.Width; x++)
            {
                var p = y * shape.Width + x;
                var at = y * rowBytes + x * step;
                for (var c = 0; c < shape.Channels; c++)
                    result[c * shape.Plane + p] = bytes[at + (gray ? 0 : Math.Min(c, 2))] / 255f;
            }
        return result;
    }

    private static byte ToByte(float v) => (byte)Math.Clamp((int)MathF.Round(v * 255f), 0, 255);
}
