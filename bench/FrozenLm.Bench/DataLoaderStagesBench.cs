using System.Diagnostics;
using FrozenLm.Data;
using FrozenLm.Data.Augmentation;

namespace FrozenLm.Bench;

/// <summary>
/// Single-thread time per image of each augmentation stage at a given size and channel count (median of short runs,
/// so close to the uncontended CPU cost even on a busy machine).
/// </summary>
internal static class DataLoaderStagesBench
{
    public static void Run(int channels, int size, int repeats = 50)
    {
        var length = channels * size * size;
        var src = new float[channels * 28 * 28];
        var rng = new Random(3);
        for (var i = 0; i < src.Length; i++)
            src[i] = (float)rng.NextDouble();
        var image = new float[length];
        var scratch = new float[length];
        var fill = Enumerable.Repeat(0.5f, channels).ToArray();
        Console.WriteLine($"  stages, {channels}ch {size} px, single thread, median of {repeats}:");
        Time("resize region 28 -> S", repeats, () => Resampling.ResizeRegion(src, channels, 28, 28, 2, 3, 20, 22, image, size, size));
        Time("flip", repeats, () => GeometricOps.FlipHorizontal(image, channels, size, size));
        for (var op = 0; op < RandAugment.OpCount; op++)
        {
            var o = op;
            Time($"randaug {RandAugment.OpNames[op]}", repeats, () =>
            {
                Resampling.ResizeRegion(src, channels, 28, 28, 0, 0, 28, 28, image, size, size);
                RandAugment.ApplyOp(o, image, scratch, channels, size, size, 0.9, 1, fill);
            }, subtract: () => Resampling.ResizeRegion(src, channels, 28, 28, 0, 0, 28, 28, image, size, size));
        }
        Time("erasing (p=1)", repeats, () => RandomErasing.Apply(image, channels, size, size, 1.0, new SampleRandom(1, 2, 3, 4)));
        var pixels = new byte[64 * channels * 28 * 28];
        rng.NextBytes(pixels);
        var dataset = new InMemoryImageDataset("bench", channels, 28, 28, pixels, new int[64], ["a"]);
        var options = new ImageAugmentOptions
        {
            ImageSize = size, RandomResizedCropMinScale = 0.08, HorizontalFlip = true, RandAugmentOps = 2,
            MixupAlpha = 0.8, CutmixAlpha = 1.0, RandomErasing = 0.25,
        };
        var transform = new SampleTransform(dataset, options, fill, fill);
        var workspace = transform.NewWorkspace();
        var n = 0;
        Time("whole sample pipeline", repeats * 4, () => transform.Run(n % 64, new SampleRandom(0, 0, 0, n++), image, workspace));
        var batch = new float[16 * length];
        var labels = new int[16];
        var m = 0;
        Time("mixup/cutmix, per image", repeats, () => BatchMixer.Apply(batch, 16, channels, size, labels, 1, options, new SampleRandom(0, 0, m++, -1), out _), scale: 16);
        Time("tensor alloc + first touch", repeats, () =>
        {
            using var t = TorchSharp.torch.empty([16, channels, size, size]);
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(t.bytes).Fill(1f);
        }, scale: 16);
    }

    private static void Time(string name, int repeats, Action action, Action? subtract = null, int scale = 1)
    {
        var base_ = subtract is null ? 0 : Median(repeats, subtract);
        var t = (Median(repeats, action) - base_) / scale;
        Console.WriteLine($"    {name,-28} {t * 1e3,8:F3} ms/image");
    }

    private static double Median(int repeats, Action action)
    {
        action();
        var times = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times.Add(sw.Elapsed.TotalSeconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
