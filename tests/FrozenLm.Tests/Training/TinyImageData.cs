using System.Buffers.Binary;
using FrozenLm.Data;

namespace FrozenLm.Tests.Training;

/// <summary>
/// A tiny learnable image set: 8x8 grey images of 10 classes (class c lights up a distinct 2x2 cell, plus seeded noise),
/// written as IDX files so the real data-source path is used.
/// </summary>
internal static class TinyImageData
{
    public const int Size = 8;
    public const int Classes = 10;

    public static string WriteIdx(string dir, int train = 60, int test = 20, int seed = 1)
    {
        Directory.CreateDirectory(dir);
        var rng = new Random(seed);
        Write(dir, "train", train, rng);
        Write(dir, "t10k", test, rng);
        return dir;
    }

    public static InMemoryImageDataset InMemory(int count, int seed)
    {
        var (pixels, labels) = Make(count, new Random(seed));
        return new InMemoryImageDataset("tiny", 1, Size, Size, pixels, labels, Enumerable.Range(0, Classes).Select(i => $"c{i}").ToArray());
    }

    private static (byte[] Pixels, int[] Labels) Make(int count, Random rng)
    {
        var pixels = new byte[count * Size * Size];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var label = i % Classes;
            labels[i] = label;
            var span = pixels.AsSpan(i * Size * Size, Size * Size);
            for (var p = 0; p < span.Length; p++)
                span[p] = (byte)rng.Next(0, 40);
            var (cy, cx) = (label / 4 * 2, label % 4 * 2);
            for (var y = cy; y < cy + 2; y++)
                for (var x = cx; x < cx + 2; x++)
                    span[y * Size + x] = (byte)rng.Next(200, 256);
        }
        return (pixels, labels);
    }

    private static void Write(string dir, string prefix, int count, Random rng)
    {
        var (pixels, labels) = Make(count, rng);
        var images = new byte[16 + pixels.Length];
        BinaryPrimitives.WriteInt32BigEndian(images, 0x0803);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(8), Size);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(12), Size);
        pixels.CopyTo(images, 16);
        File.WriteAllBytes(Path.Combine(dir, $"{prefix}-images-idx3-ubyte"), images);
        var labelBytes = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(labelBytes, 0x0801);
        BinaryPrimitives.WriteInt32BigEndian(labelBytes.AsSpan(4), count);
        for (var i = 0; i < count; i++)
            labelBytes[8 + i] = (byte)labels[i];
        File.WriteAllBytes(Path.Combine(dir, $"{prefix}-labels-idx1-ubyte"), labelBytes);
    }
}
