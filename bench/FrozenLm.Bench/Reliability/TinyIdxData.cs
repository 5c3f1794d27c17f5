using System.Buffers.Binary;

namespace FrozenLm.Bench.Reliability;

/// <summary>A seeded 8x8 grey IDX data set of 10 classes (class c lights a 2x2 cell) for the reliability benchmarks.</summary>
internal static class TinyIdxData
{
    public static string Write(string dir, int train, int test, int seed = 1)
    {
        Directory.CreateDirectory(dir);
        var rng = new Random(seed);
        WriteSplit(dir, "train", train, rng);
        WriteSplit(dir, "t10k", test, rng);
        return dir;
    }

    private static void WriteSplit(string dir, string prefix, int count, Random rng)
    {
        const int size = 8;
        var images = new byte[16 + count * size * size];
        BinaryPrimitives.WriteInt32BigEndian(images, 0x0803);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(8), size);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(12), size);
        var labels = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(labels, 0x0801);
        BinaryPrimitives.WriteInt32BigEndian(labels.AsSpan(4), count);
        for (var i = 0; i < count; i++)
        {
            var label = i % 10;
            labels[8 + i] = (byte)label;
            var pixels = images.AsSpan(16 + i * size * size, size * size);
            for (var p = 0; p < pixels.Length; p++)
                pixels[p] = (byte)rng.Next(0, 40);
            var (cy, cx) = (label / 4 * 2, label % 4 * 2);
            for (var y = cy; y < cy + 2; y++)
                for (var x = cx; x < cx + 2; x++)
                    pixels[y * size + x] = (byte)rng.Next(200, 256);
        }
        File.WriteAllBytes(Path.Combine(dir, $"{prefix}-images-idx3-ubyte"), images);
        File.WriteAllBytes(Path.Combine(dir, $"{prefix}-labels-idx1-ubyte"), labels);
    }
}
