using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Benchmarks;

/// <summary>This machine's fp32 matrix-multiply rate: a large square matmul (2 n^3 FLOPs), median of several, warm-up excluded.</summary>
public static class MatmulRate
{
    public const int DefaultSize = 2048;

    /// <summary>Median GFLOP/s of <paramref name="repeats"/> timed <paramref name="size"/>^2 matmuls on <paramref name="device"/>.</summary>
    public static double Measure(Device device, int size = DefaultSize, int repeats = 5)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var generator = new Generator(0);
        try
        {
            var a = randn([size, size], generator: generator).to(device);
            var b = randn([size, size], generator: generator).to(device);
            matmul(a, b).Dispose();
            var rates = new List<double>();
            for (var i = 0; i < repeats; i++)
            {
                var clock = Stopwatch.StartNew();
                using (var c = matmul(a, b))
                    c.sum().item<float>();
                rates.Add(2.0 * size * size * size / clock.Elapsed.TotalSeconds / 1e9);
            }
            return Median(rates);
        }
        finally
        {
            generator.Dispose();
        }
    }

    /// <summary>The median of <paramref name="values"/> (mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
            return double.NaN;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
