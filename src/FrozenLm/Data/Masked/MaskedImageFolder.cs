namespace FrozenLm.Data;

/// <summary>
/// ImageNet-S style images with object masks: IMAGES/&lt;class&gt;/&lt;name&gt;.(png|jpg|jpeg) paired with
/// MASKS/&lt;class&gt;/&lt;name&gt;.png, where any non-zero mask pixel is object. Images and masks are resized whole to
/// one size, so they stay aligned. Images without a mask file are left out.
/// </summary>
public sealed class MaskedImageFolder : IMaskedImageDataset
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg"];
    private readonly string[] _images;
    private readonly string[] _masks;
    private readonly int[] _labels;

    public MaskedImageFolder(string imagesDir, string masksDir, int channels, int height, int width,
        IReadOnlyList<string>? classNames = null)
    {
        if (!Directory.Exists(imagesDir))
            throw new UserInputException(imagesDir, "image folder not found");
        if (!Directory.Exists(masksDir))
            throw new UserInputException(masksDir, "mask folder not found");
        if (channels is not (1 or 3) || height <= 0 || width <= 0)
            throw new ArgumentException($"image shape {channels}x{height}x{width} is not 1 or 3 channels of positive size");
        var folders = Directory.GetDirectories(imagesDir).Select(Path.GetFileName).OfType<string>()
            .OrderBy(n => n, StringComparer.Ordinal).ToArray();
        if (folders.Length == 0)
            throw new UserInputException(imagesDir, "no class folders (expected IMAGES/<class>/<name>.jpg)");
        ClassNames = classNames ?? folders;
        var images = new List<string>();
        var masks = new List<string>();
        var labels = new List<int>();
        foreach (var folder in folders)
        {
            var label = IndexOf(ClassNames, folder);
            foreach (var file in Directory.GetFiles(Path.Combine(imagesDir, folder)).Order(StringComparer.Ordinal))
            {
                if (!Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
                    continue;
                var mask = Path.Combine(masksDir, folder, Path.GetFileNameWithoutExtension(file) + ".png");
                if (!File.Exists(mask))
                    continue;
                images.Add(file);
                masks.Add(mask);
                labels.Add(label);
            }
        }
        if (images.Count == 0)
            throw new UserInputException(masksDir, $"no image in {imagesDir} has a mask here (expected MASKS/<class>/<name>.png)");
        _images = images.ToArray();
        _masks = masks.ToArray();
        _labels = labels.ToArray();
        Name = Path.GetFileName(Path.GetFullPath(imagesDir).TrimEnd(Path.DirectorySeparatorChar)) + "+masks";
        Channels = channels;
        Height = height;
        Width = width;
    }

    public string Name { get; }
    public int Count => _images.Length;
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The label of each image: its folder's index in the class list, or -1 when the list lacks it.</summary>
    public int GetLabel(int index) => _labels[index];

    public string ImagePath(int index) => _images[index];

    public void ReadImage(int index, Span<float> destination) =>
        ImageFiles.LoadImage(_images[index], Channels, Height, Width).CopyTo(destination);

    public void ReadMask(int index, Span<float> destination) =>
        ObjectMaskFile.Load(_masks[index], Height, Width).CopyTo(destination);

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
                return i;
        }
        return -1;
    }
}
