using FrozenLm.Analysis;

namespace FrozenLm.Tasks;

/// <summary>
/// A confusion matrix being counted (rows: true class, columns: predicted class) with the per-class accuracies and the
/// figure classification evaluators report.
/// </summary>
public sealed class ConfusionCounts
{
    private readonly IReadOnlyList<string> _classNames;

    public ConfusionCounts(IReadOnlyList<string> classNames)
    {
        _classNames = classNames;
        Counts = new long[classNames.Count][];
        for (var i = 0; i < classNames.Count; i++)
            Counts[i] = new long[classNames.Count];
    }

    public long[][] Counts { get; }

    public void Add(IReadOnlyList<long> labels, IReadOnlyList<long> predicted)
    {
        if (labels.Count != predicted.Count)
            throw new ArgumentException($"{labels.Count} labels but {predicted.Count} predictions");
        for (var i = 0; i < labels.Count; i++)
            Counts[labels[i]][predicted[i]]++;
    }

    /// <summary>Accuracy of each class over its samples (NaN for a class without samples).</summary>
    public List<ClassAccuracy> PerClass() => Enumerable.Range(0, _classNames.Count).Select(c =>
    {
        var count = Counts[c].Sum();
        return new ClassAccuracy(_classNames[c], (int)count, count == 0 ? double.NaN : (double)Counts[c][c] / count);
    }).ToList();

    /// <summary>Draws the matrix (row-normalised) to <paramref name="path"/>.</summary>
    public void Save(string path, string title)
    {
        var k = _classNames.Count;
        var counts = new long[k, k];
        for (var t = 0; t < k; t++)
            for (var p = 0; p < k; p++)
                counts[t, p] = Counts[t][p];
        ConfusionPlot.Save(path, counts, _classNames, title);
    }
}
