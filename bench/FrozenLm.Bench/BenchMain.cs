using System.Diagnostics;
using FrozenLm.Runtime;
using TorchSharp;

namespace FrozenLm.Bench;

/// <summary>Benchmark entry: <c>dotnet run -c Release --project bench/FrozenLm.Bench -- NAME</c>.</summary>
public static class BenchMain
{
    private static readonly Dictionary<string, (string Help, Func<string[], int> Run)> Benchmarks = new()
    {
        ["matmul"] = ("fp32 matmul GFLOP/s of this machine (median of 7)", _ => Matmul()),
    };

    public static void Register(string name, string help, Func<string[], int> run) => Benchmarks[name] = (help, run);

    public static int Run(string[] args)
    {
        BenchRegistry.RegisterAll();
        if (args.Length == 0 || !Benchmarks.TryGetValue(args[0], out var bench))
        {
            Console.WriteLine("usage: FrozenLm.Bench NAME [args]\n");
            foreach (var (name, b) in Benchmarks)
                Console.WriteLine($"  {name,-16} {b.Help}");
            return args.Length == 0 ? 0 : 2;
        }
        TorchRuntime.ConfigureThreads(int.TryParse(Environment.GetEnvironmentVariable("FROZENLM_THREADS"), out var t) ? t : 0);
        return bench.Run(args[1..]);
    }

    /// <summary>Median fp32 GFLOP/s of an n x n matmul, measured in-process.</summary>
    public static double MatmulGflops(int n = 2048, int repeats = 7)
    {
        TorchRuntime.EnsureLoaded();
        using var a = torch.randn(n, n);
        using var b = torch.randn(n, n);
        using (var warm = a.matmul(b)) { }
        var times = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            using var c = a.matmul(b);
            times.Add(sw.Elapsed.TotalSeconds);
        }
        times.Sort();
        return 2.0 * n * n * n / times[times.Count / 2] / 1e9;
    }

    private static int Matmul()
    {
        Console.WriteLine($"fp32 matmul 2048x2048: {MatmulGflops():F1} GFLOP/s (median of 7), threads {torch.get_num_threads()}");
        return 0;
    }
}
