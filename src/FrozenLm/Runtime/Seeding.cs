using TorchSharp;

namespace FrozenLm.Runtime;

/// <summary>One place that seeds every random source a run uses, so a CPU run is reproducible.</summary>
public static class Seeding
{
    /// <summary>Seeds torch's global generator and returns a managed RNG derived from the same seed.</summary>
    public static Random Seed(int seed)
    {
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(seed).Dispose();
        torch.random.manual_seed(seed).Dispose();
        return new Random(seed);
    }

    /// <summary>A seed derived from a base seed and a stream name (stable across runs and platforms).</summary>
    public static int Derive(int seed, string stream)
    {
        unchecked
        {
            uint h = 2166136261;
            foreach (var c in stream)
                h = (h ^ c) * 16777619;
            h ^= (uint)seed * 0x9E3779B9u;
            h ^= h >> 16;
            h *= 0x85EBCA6B;
            h ^= h >> 13;
            return (int)(h & 0x7FFFFFFF);
        }
    }
}
