namespace FrozenLm.Bench;

/// <summary>Registers the benchmarks of each area; one line per area.</summary>
internal static class BenchRegistry
{
    public static void RegisterAll()
    {
        LmBenchmarks.Register();
    }
}
