namespace FrozenLm.Tasks;

/// <summary>Sums of per-sample metric values over an evaluation pass, and their sample-weighted means.</summary>
public sealed class MetricTotals
{
    private readonly Dictionary<string, double> _sums = [];

    public long Samples { get; private set; }

    /// <summary>Adds <paramref name="sum"/> (the metric summed over the batch's samples) under <paramref name="name"/>.</summary>
    public void Add(string name, double sum) => _sums[name] = _sums.GetValueOrDefault(name) + sum;

    public void AddSamples(int count) => Samples += count;

    /// <summary>Whether the pass reported <paramref name="name"/> at all.</summary>
    public bool Has(string name) => _sums.ContainsKey(name);

    public double Mean(string name) => Samples == 0 ? double.NaN : _sums.GetValueOrDefault(name) / Samples;

    public IReadOnlyDictionary<string, double> Means() => _sums.Keys.ToDictionary(k => k, Mean);
}
