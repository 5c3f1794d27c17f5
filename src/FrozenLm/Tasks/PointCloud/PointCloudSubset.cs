using FrozenLm.Data.PointClouds;

namespace FrozenLm.Tasks.PointCloud;

/// <summary>A fixed, seeded subset of a point-cloud data set (kept in index order).</summary>
internal sealed class PointCloudSubset : IPointCloudDataset
{
    private readonly IPointCloudDataset _inner;
    private readonly int[] _indices;

    private PointCloudSubset(IPointCloudDataset inner, int[] indices)
    {
        _inner = inner;
        _indices = indices;
    }

    public string Name => $"{_inner.Name}[{_indices.Length}]";
    public int Count => _indices.Length;
    public IReadOnlyList<string> ClassNames => _inner.ClassNames;
    public int GetLabel(int index) => _inner.GetLabel(_indices[index]);
    public ReadOnlyMemory<float> GetPoints(int index) => _inner.GetPoints(_indices[index]);

    /// <summary>The set itself when <paramref name="limit"/> is 0 or not smaller than its size.</summary>
    public static IPointCloudDataset Take(IPointCloudDataset dataset, int limit, int seed) =>
        SubsetIndices.Pick(dataset.Count, limit, seed) is { } picked ? new PointCloudSubset(dataset, picked) : dataset;
}
