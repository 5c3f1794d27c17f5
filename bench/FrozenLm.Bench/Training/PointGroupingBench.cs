using System.Diagnostics;
using FrozenLm.Encoders.PointCloud;
using FrozenLm.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Bench.Training;

/// <summary>
/// <c>pointcloud-grouping [repeats]</c>: CPU milliseconds (user + system of the process) per batch of 32 clouds of
/// farthest point sampling (the CPU loop and the per-centre tensor version), kNN and the whole grouping, at the quick
/// (256 points, 32 x 16) and standard (1024 points, 64 x 32) shapes; medians of the repeats (each of 10 calls).
/// </summary>
internal static class PointGroupingBench
{
    /// <summary>Calls per timed sample: the process CPU clock ticks in 10 ms steps.</summary>
    private const int CallsPerSample = 10;

    public static int Run(string[] args)
    {
        var repeats = args.Length > 0 ? int.Parse(args[0]) : 20;
        TorchRuntime.EnsureLoaded();
        foreach (var (name, n, g, k) in new[] { ("quick", 256, 32, 16), ("standard", 1024, 64, 32) })
        {
            using var generator = new Generator(0);
            using var points = rand([32, n, 3], generator: generator);
            using var centres = FarthestPointSampling.Sample(points, g);
            using var centreXyz = PointOps.Gather(points, centres);
            var grouper = new PointGrouper(g, k);
            Console.WriteLine($"{name} (32 x {n} points, {g} x {k}):" +
                $" fps loop {Median(repeats, () => FarthestPointSampling.Sample(points, g).Dispose()):F2} ms," +
                $" fps tensors {Median(repeats, () => FarthestPointSampling.SampleWithTensors(points, g).Dispose()):F2} ms," +
                $" knn {Median(repeats, () => KNearestNeighbours.Query(centreXyz, points, k).Dispose()):F2} ms," +
                $" grouping {Median(repeats, () => grouper.Group(points).Dispose()):F2} ms CPU per batch");
        }
        return 0;
    }

    private static double Median(int repeats, Action action)
    {
        action();
        using var process = Process.GetCurrentProcess();
        var times = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            for (var j = 0; j < CallsPerSample; j++)
                action();
            process.Refresh();
            times.Add((process.TotalProcessorTime - before).TotalMilliseconds / CallsPerSample);
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
