using System.Diagnostics;
using FrozenLm.Data.Augmentation;

namespace FrozenLm.Bench;

/// <summary>Single-thread time per image of each augmentation stage at a given size and channel count.</summary>
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
    }

    private static void Time(string name, int repeats, Action action, Action? subtract = null)
    {
        var base_ = subtract is null ? 0 : Median(repeats, subtract);
        var t = Median(repeats, action) - base_;
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
