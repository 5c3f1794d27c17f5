namespace FrozenLm.Data.VisionLanguage;

/// <summary>VQA images read from files (decoded as RGB and resized bilinearly to the requested square size).</summary>
public sealed class ImageFileImages(IReadOnlyList<string> paths) : IVqaImages
{
    public IReadOnlyList<string> Paths { get; } = paths;

    public int Count => Paths.Count;

    public float[] Read(int index, int size) => ImageFiles.LoadImage(Paths[index], 3, size, size);

    public string Describe(int index) => Paths[index];
}
