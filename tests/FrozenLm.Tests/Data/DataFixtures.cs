using System.Buffers.Binary;
using System.IO.Compression;
using SkiaSharp;

namespace FrozenLm.Tests.Data;

/// <summary>Writes tiny IDX, CIFAR and PNG files with known contents for the reader tests.</summary>
internal static class DataFixtures
{
    public static byte[] Idx(int[] dims, byte[] data, byte type = 0x08)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        bytes[2] = type;
        bytes[3] = (byte)dims.Length;
        for (var d = 0; d < dims.Length; d++)
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + 4 * d), (uint)dims[d]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var zip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            zip.Write(bytes);
        return buffer.ToArray();
    }

    /// <summary>Image n of a fixture set has pixel (y, x) = (n * 37 + y * 5 + x) mod 256.</summary>
    public static byte Pixel(int n, int y, int x) => (byte)((n * 37 + y * 5 + x) % 256);

    /// <summary>Writes train (count images) and t10k (2 images) IDX files of h x w images with labels n mod 10.</summary>
    public static string IdxFolder(string dir, int count, int h, int w, bool gzip)
    {
        Directory.CreateDirectory(dir);
        foreach (var (prefix, n) in new[] { ("train", count), ("t10k", 2) })
        {
            var pixels = new byte[n * h * w];
            for (var i = 0; i < n; i++)
                for (var y = 0; y < h; y++)
                    for (var x = 0; x < w; x++)
                        pixels[(i * h + y) * w + x] = Pixel(i, y, x);
            var labels = Enumerable.Range(0, n).Select(i => (byte)(i % 10)).ToArray();
            Write(Path.Combine(dir, $"{prefix}-images-idx3-ubyte"), Idx([n, h, w], pixels), gzip);
            Write(Path.Combine(dir, $"{prefix}-labels-idx1-ubyte"), Idx([n], labels), gzip);
        }
        return dir;
    }

    private static void Write(string path, byte[] bytes, bool gzip)
    {
        if (gzip)
            File.WriteAllBytes(path + ".gz", Gzip(bytes));
        else
            File.WriteAllBytes(path, bytes);
    }

    /// <summary>A CIFAR record: label byte(s), then R, G, B planes of 32 x 32 where channel c pixel p = (c * 50 + p + seed) mod 256.</summary>
    public static byte[] CifarRecords(int count, int labelBytes, Func<int, byte[]> labels)
    {
        var record = labelBytes + 3072;
        var bytes = new byte[count * record];
        for (var n = 0; n < count; n++)
        {
            labels(n).CopyTo(bytes, n * record);
            for (var c = 0; c < 3; c++)
                for (var p = 0; p < 1024; p++)
                    bytes[n * record + labelBytes + c * 1024 + p] = CifarPixel(n, c, p);
        }
        return bytes;
    }

    public static byte CifarPixel(int n, int c, int p) => (byte)((c * 50 + p + n * 7) % 256);

    /// <summary>Writes a solid-colour PNG (or JPEG) of the given size.</summary>
    public static void SolidImage(string path, int width, int height, SKColor color, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        bitmap.Erase(color);
        using var data = bitmap.Encode(format, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    /// <summary>Writes a PNG whose pixel (x, y) is (r, g, b) = (10 x, 20 y, 7).</summary>
    public static void GradientPng(string path, int width, int height)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                bitmap.SetPixel(x, y, new SKColor((byte)(10 * x), (byte)(20 * y), 7));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
