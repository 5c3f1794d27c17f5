namespace FrozenLm.Comparison.Statistics;

/// <summary>
/// The mean of paired differences d_i = a_i - b_i (same seed, two variants) with its Student-t confidence interval
/// mean ± t(1 - α/2, n - 1) · s / √n. With one pair the spread is unknown, so Std and Ci are null.
/// </summary>
public sealed record PairedDifference(int N, double Mean, double? Std, ConfidenceInterval? Ci)
{
    /// <summary>Pairs <paramref name="a"/>[i] with <paramref name="b"/>[i]; both lists must have the same length.</summary>
    public static PairedDifference Compute(IReadOnlyList<double> a, IReadOnlyList<double> b, double level = 0.95)
    {
        if (a.Count != b.Count)
            throw new ArgumentException($"paired samples need equal lengths, got {a.Count} and {b.Count}", nameof(b));
        if (a.Count == 0)
            throw new ArgumentException("no pairs", nameof(a));
        if (!(level > 0 && level < 1))
            throw new ArgumentOutOfRangeException(nameof(level), "must lie strictly between 0 and 1");
        var d = new double[a.Count];
        for (var i = 0; i < d.Length; i++)
            d[i] = a[i] - b[i];
        var mean = Descriptive.Mean(d);
        var std = Descriptive.SampleStd(d);
        if (std is null)
            return new PairedDifference(d.Length, mean, null, null);
        var t = StudentT.Quantile(1 - (1 - level) / 2, d.Length - 1);
        var half = t * std.Value / Math.Sqrt(d.Length);
        return new PairedDifference(d.Length, mean, std, new ConfidenceInterval(mean - half, mean + half, level));
    }
}
