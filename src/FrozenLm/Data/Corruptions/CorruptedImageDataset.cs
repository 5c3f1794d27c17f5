namespace FrozenLm.Data.Corruptions;

/// <summary>A data set whose images come out corrupted (one corruption, one severity, seeded per image index).</summary>
internal sealed class CorruptedImageDataset(IImageDataset inner, string corruption, int severity, int seed) : IImageDataset
{
    public string Name => $"{inner.Name}+{corruption}@{severity}";
    public int Count => inner.Count;
    public int Channels => inner.Channels;
    public int Height => inner.Height;
    public int Width => inner.Width;
    public IReadOnlyList<string> ClassNames => inner.ClassNames;

    public int GetLabel(int index) => inner.GetLabel(index);

    public void ReadImage(int index, Span<float> destination)
    {
        inner.ReadImage(index, destination);
        ImageCorruptions.Apply(corruption, destination, Channels, Height, Width, severity, seed, index);
    }
}
