namespace FrozenLm.Tasks;

/// <summary>
/// Sums of per-sample metric values over an evaluation pass, and their means: over every sample of the pass, or, for a
/// metric added with its own sample count (a metric over a subgroup, such as one question family), over those samples.
/// </summary>
public sealed class MetricTotals
{
    private readonly Dictionary<string, double> _sums = [];
    private readonly Dictionary<string, long> _counts = [];

    public long Samples { get; private set; }

    /// <summary>Adds <paramref name="sum"/> (the metric summed over the batch's samples) under <paramref name="name"/>.</summary>
    public void Add(string name, double sum) => _sums[name] = _sums.GetValueOrDefault(name) + sum;

    /// <summary>Adds <paramref name="sum"/> over <paramref name="count"/> samples of a subgroup; its mean is over the subgroup's samples.</summary>
    public void Add(string name, double sum, long count)
    {
        Add(name, sum);
        _counts[name] = _counts.GetValueOrDefault(name) + count;
    }

    public void AddSamples(int count) => Samples += count;

    /// <summary>Whether the pass reported <paramref name="name"/> at all.</summary>
    public bool Has(string name) => _sums.ContainsKey(name);

    public double Mean(string name)
    {
        var count = _counts.TryGetValue(name, out var own) ? own : Samples;
        return count == 0 ? double.NaN : _sums.GetValueOrDefault(name) / count;
    }

    public IReadOnlyDictionary<string, double> Means() => _sums.Keys.ToDictionary(k => k, Mean);
}
