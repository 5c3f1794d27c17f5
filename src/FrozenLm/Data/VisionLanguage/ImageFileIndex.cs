namespace FrozenLm.Data.VisionLanguage;

/// <summary>
/// The PNG/JPEG files of a folder by the image id their name ends with (<c>COCO_val2014_000000000042.jpg</c> and
/// <c>42.png</c> are both image 42), as VQAv2's image folders name them.
/// </summary>
public sealed class ImageFileIndex
{
    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png"];
    private readonly Dictionary<long, string> _files = [];

    public ImageFileIndex(string folder)
    {
        if (!Directory.Exists(folder))
            throw new UserInputException(folder, "image folder not found");
        Folder = folder;
        foreach (var path in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            if (!Extensions.Contains(Path.GetExtension(path).ToLowerInvariant()))
                continue;
            var stem = Path.GetFileNameWithoutExtension(path);
            var start = stem.Length;
            while (start > 0 && char.IsAsciiDigit(stem[start - 1]))
                start--;
            if (start < stem.Length && long.TryParse(stem[start..], out var id))
                _files.TryAdd(id, path);
        }
    }

    public string Folder { get; }

    /// <summary>The file of image <paramref name="id"/>; a missing one is a <see cref="UserInputException"/> naming the expected file.</summary>
    public string PathOf(long id) => _files.TryGetValue(id, out var path)
        ? path
        : throw new UserInputException(Path.Combine(Folder, $"*{id:D12}.jpg"), $"image {id} not found (no PNG/JPEG file whose name ends with its id)");
}
