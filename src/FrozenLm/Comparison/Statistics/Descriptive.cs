namespace FrozenLm.Comparison.Statistics;

/// <summary>Mean and sample standard deviation of a small sample (for example one metric over seeds).</summary>
public static class Descriptive
{
    /// <summary>The arithmetic mean; throws when the sample is empty.</summary>
    public static double Mean(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            throw new ArgumentException("the mean of an empty sample is undefined", nameof(values));
        var sum = 0.0;
        foreach (var v in values)
            sum += v;
        return sum / values.Count;
    }

    /// <summary>The sample standard deviation with Bessel's correction (n - 1); null when n &lt; 2.</summary>
    public static double? SampleStd(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
            return null;
        var mean = Mean(values);
        var squares = 0.0;
        foreach (var v in values)
            squares += (v - mean) * (v - mean);
        return Math.Sqrt(squares / (values.Count - 1));
    }
}
