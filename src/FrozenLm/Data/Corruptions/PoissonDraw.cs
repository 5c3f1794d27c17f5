using FrozenLm.Data.Augmentation;

namespace FrozenLm.Data.Corruptions;

/// <summary>Poisson draws: Knuth's product method below mean 10, Hörmann's transformed rejection (PTRS) above.</summary>
internal static class PoissonDraw
{
    public static int Next(SampleRandom rng, double mean)
    {
        if (mean <= 0)
            return 0;
        return mean < 10 ? Knuth(rng, mean) : Ptrs(rng, mean);
    }

    private static int Knuth(SampleRandom rng, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        var product = rng.NextDouble();
        while (product > limit)
        {
            k++;
            product *= rng.NextDouble();
        }
        return k;
    }

    private static int Ptrs(SampleRandom rng, double mean)
    {
        var sqrtMean = Math.Sqrt(mean);
        var logMean = Math.Log(mean);
        var b = 0.931 + 2.53 * sqrtMean;
        var a = -0.059 + 0.02483 * b;
        var invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        var vr = 0.9277 - 3.6224 / (b - 2);
        while (true)
        {
            var u = rng.NextDouble() - 0.5;
            var v = rng.NextDouble();
            var us = 0.5 - Math.Abs(u);
            var k = Math.Floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr)
                return (int)k;
            if (k < 0 || (us < 0.013 && v > us))
                continue;
            if (Math.Log(v) + Math.Log(invAlpha) - Math.Log(a / (us * us) + b) <= -mean + k * logMean - LogFactorial(k))
                return (int)k;
        }
    }

    /// <summary>log(k!) by Stirling's series (exact sum below 10).</summary>
    private static double LogFactorial(double k)
    {
        if (k < 10)
        {
            var sum = 0.0;
            for (var i = 2; i <= k; i++)
                sum += Math.Log(i);
            return sum;
        }
        var n = k + 1;
        return (n - 0.5) * Math.Log(n) - n + 0.5 * Math.Log(2 * Math.PI) + 1 / (12 * n) - 1 / (360 * n * n * n);
    }
}
