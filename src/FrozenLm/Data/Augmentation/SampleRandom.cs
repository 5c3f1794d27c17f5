namespace FrozenLm.Data.Augmentation;

/// <summary>
/// A small counter-keyed generator (SplitMix64 over a hash of seed and three keys), so every draw of a sample is
/// fixed by (seed, epoch, batch, sample) and independent of the thread or order that makes it.
/// </summary>
internal sealed class SampleRandom
{
    private ulong _state;

    public SampleRandom(int seed, long key1, long key2, long key3)
    {
        var h = Mix((ulong)(uint)seed ^ 0x243F6A8885A308D3UL);
        h = Mix(h ^ (ulong)key1);
        h = Mix(h ^ (ulong)key2 * 0x9E3779B97F4A7C15UL);
        h = Mix(h ^ (ulong)key3 * 0xC2B2AE3D27D4EB4FUL);
        _state = h;
    }

    public ulong NextULong()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Uniform integer in [0, count).</summary>
    public int NextInt(int count) => (int)((NextULong() >> 33) * (ulong)count >> 31);

    /// <summary>Uniform integer in [low, high] inclusive.</summary>
    public int NextInt(int low, int high) => low + NextInt(high - low + 1);

    public bool Chance(double probability) => NextDouble() < probability;

    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Beta(alpha, alpha) from two Gamma draws.</summary>
    public double NextBeta(double alpha)
    {
        var x = NextGamma(alpha);
        var y = NextGamma(alpha);
        return x + y > 0 ? x / (x + y) : 0.5;
    }

    public void Shuffle(Span<int> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private double NextGamma(double shape)
    {
        if (shape < 1)
            return NextGamma(shape + 1) * Math.Pow(NextDouble() + double.Epsilon, 1.0 / shape);
        var d = shape - 1.0 / 3.0;
        var c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = NextGaussian();
                v = 1.0 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            var u = NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v)))
                return d * v;
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
