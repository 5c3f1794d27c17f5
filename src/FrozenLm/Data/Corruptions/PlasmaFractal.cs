using FrozenLm.Data.Augmentation;

namespace FrozenLm.Data.Corruptions;

/// <summary>
/// The diamond-square height map ImageNet-C's fog uses (plasma_fractal): a periodic size x size map (size a power of
/// two), each level's new points the mean of their four neighbours plus uniform noise whose spread shrinks by
/// <c>decay</c> per level; scaled to [0, 1].
/// </summary>
internal static class PlasmaFractal
{
    public static double[,] Generate(int size, double decay, SampleRandom rng)
    {
        if (size < 2 || (size & (size - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(size), size, "must be a power of two >= 2");
        var map = new double[size, size];
        var step = size;
        var wibble = 100.0;
        double Noisy(double sum) => sum / 4 + wibble * rng.Uniform(-wibble, wibble);
        while (step >= 2)
        {
            var half = step / 2;
            var n = size / step;
            for (var i = 0; i < n; i++)
                for (var j = 0; j < n; j++)
                {
                    var i1 = (i + 1) % n;
                    var j1 = (j + 1) % n;
                    map[i * step + half, j * step + half] =
                        Noisy(map[i * step, j * step] + map[i1 * step, j * step] + map[i * step, j1 * step] + map[i1 * step, j1 * step]);
                }
            for (var i = 0; i < n; i++)
                for (var j = 0; j < n; j++)
                {
                    var im = (i - 1 + n) % n;
                    var jm = (j - 1 + n) % n;
                    var i1 = (i + 1) % n;
                    var j1 = (j + 1) % n;
                    map[i * step, j * step + half] = Noisy(map[i * step + half, j * step + half] + map[im * step + half, j * step + half]
                        + map[i * step, j * step] + map[i * step, j1 * step]);
                    map[i * step + half, j * step] = Noisy(map[i * step + half, j * step + half] + map[i * step + half, jm * step + half]
                        + map[i * step, j * step] + map[i1 * step, j * step]);
                }
            step = half;
            wibble /= decay;
        }
        var min = double.MaxValue;
        var max = double.MinValue;
        foreach (var v in map)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        var range = max - min;
        for (var i = 0; i < size; i++)
            for (var j = 0; j < size; j++)
                map[i, j] = range > 0 ? (map[i, j] - min) / range : 0;
        return map;
    }

    /// <summary>The smallest power of two not below <paramref name="n"/> (at least 2).</summary>
    public static int SizeFor(int n)
    {
        var size = 2;
        while (size < n)
            size *= 2;
        return size;
    }
}
