namespace FrozenLm.Data.Formats;

/// <summary>Images decoded from files on each read, all converted to one channel count and size.</summary>
internal sealed class ImageFolderDataset : IImageDataset
{
    private readonly string[] _paths;
    private readonly int[] _labels;

    public ImageFolderDataset(string name, string[] paths, int[] labels, IReadOnlyList<string> classNames,
        int channels, int height, int width)
    {
        Name = name;
        _paths = paths;
        _labels = labels;
        ClassNames = classNames;
        Channels = channels;
        Height = height;
        Width = width;
    }

    public string Name { get; }
    public int Count => _paths.Length;
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public IReadOnlyList<string> ClassNames { get; }

    public string PathOf(int index) => _paths[index];

    public int GetLabel(int index) => _labels[index];

    public void ReadImage(int index, Span<float> destination) =>
        ImageFiles.LoadImage(_paths[index], Channels, Height, Width).CopyTo(destination);

    public ImageFolderDataset Subset(int[] indices, string name) =>
        new(name, indices.Select(i => _paths[i]).ToArray(), indices.Select(i => _labels[i]).ToArray(), ClassNames,
            Channels, Height, Width);
}
