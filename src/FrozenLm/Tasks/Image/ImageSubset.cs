using FrozenLm.Data;

namespace FrozenLm.Tasks.Image;

/// <summary>A fixed subset of an image data set, by index list.</summary>
internal sealed class ImageSubset : IImageDataset
{
    private readonly IImageDataset _inner;
    private readonly int[] _indices;

    private ImageSubset(IImageDataset inner, int[] indices)
    {
        _inner = inner;
        _indices = indices;
    }

    public string Name => $"{_inner.Name}[{_indices.Length}]";
    public int Count => _indices.Length;
    public int Channels => _inner.Channels;
    public int Height => _inner.Height;
    public int Width => _inner.Width;
    public IReadOnlyList<string> ClassNames => _inner.ClassNames;

    public int GetLabel(int index) => _inner.GetLabel(_indices[index]);

    public void ReadImage(int index, Span<float> destination) => _inner.ReadImage(_indices[index], destination);

    /// <summary>A seeded random subset of <paramref name="limit"/> samples (kept in index order); the set itself when
    /// <paramref name="limit"/> is 0 or not smaller than its size.</summary>
    public static IImageDataset Take(IImageDataset dataset, int limit, int seed) =>
        SubsetIndices.Pick(dataset.Count, limit, seed) is { } picked ? new ImageSubset(dataset, picked) : dataset;
}
