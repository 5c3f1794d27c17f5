using FrozenLm.Data.Video;

namespace FrozenLm.Tasks.Video;

/// <summary>A fixed subset of a video data set, by index list.</summary>
internal sealed class VideoSubset : IVideoDataset
{
    private readonly IVideoDataset _inner;
    private readonly int[] _indices;

    private VideoSubset(IVideoDataset inner, int[] indices)
    {
        _inner = inner;
        _indices = indices;
    }

    public string Name => $"{_inner.Name}[{_indices.Length}]";
    public int Count => _indices.Length;
    public IReadOnlyList<string> ClassNames => _inner.ClassNames;
    public int GetLabel(int index) => _inner.GetLabel(_indices[index]);
    public string ClipName(int index) => _inner.ClipName(_indices[index]);
    public VideoFrames Read(int index, Func<int, int[]> pickFrames) => _inner.Read(_indices[index], pickFrames);

    /// <summary>A seeded random subset of <paramref name="limit"/> clips (kept in index order); the set itself when
    /// <paramref name="limit"/> is 0 or not smaller than its size.</summary>
    public static IVideoDataset Take(IVideoDataset dataset, int limit, int seed) =>
        SubsetIndices.Pick(dataset.Count, limit, seed) is { } picked ? new VideoSubset(dataset, picked) : dataset;
}
