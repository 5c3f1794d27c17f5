namespace FrozenLm.Data.Formats;

/// <summary>
/// Opens DIR/&lt;class&gt;/*.png|jpg as an evaluation set over a trained run's classes (ImageNet-A / -R / -Sketch style:
/// folders named by WordNet id, a subset of the training classes): each folder whose name is a run class (exact, else
/// ignoring case) keeps its images under that class's index; folders matching no class are skipped and listed.
/// </summary>
internal static class ClassMappedFolder
{
    /// <param name="dir">The folder of class folders.</param>
    /// <param name="runClasses">The run's class names, in its label order.</param>
    /// <param name="channels">The run's input channels (images are read as gray or RGB accordingly).</param>
    /// <returns>The set (labels are run class indices), the unmatched folder names, and which run classes are present.</returns>
    public static (IImageDataset Set, IReadOnlyList<string> Unmatched, bool[] Present) Open(string dir, IReadOnlyList<string> runClasses, int channels)
    {
        if (!Directory.Exists(dir))
            throw new UserInputException("--data", $"'{dir}' is not a folder");
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var folded = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < runClasses.Count; i++)
        {
            index.TryAdd(runClasses[i], i);
            folded.TryAdd(runClasses[i], i);
        }
        var paths = new List<string>();
        var labels = new List<int>();
        var unmatched = new List<string>();
        var present = new bool[runClasses.Count];
        foreach (var folder in Directory.GetDirectories(dir).OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            if (!index.TryGetValue(name, out var label) && !folded.TryGetValue(name, out label))
            {
                unmatched.Add(name);
                continue;
            }
            var files = Directory.GetFiles(folder).Where(IsImage).OrderBy(f => f, StringComparer.Ordinal).ToArray();
            if (files.Length == 0)
                continue;
            present[label] = true;
            paths.AddRange(files);
            labels.AddRange(Enumerable.Repeat(label, files.Length));
        }
        if (paths.Count == 0)
            throw new UserInputException(dir, unmatched.Count > 0
                ? $"none of its {unmatched.Count} class folders ({Preview(unmatched)}) is a class of the run ({Preview(runClasses)})"
                : "has no class folders with PNG/JPEG images");
        var (_, h, w) = ImageFolderReader.Shape(paths[0]);
        var set = new ImageFolderDataset(Path.GetFileName(Path.GetFullPath(dir).TrimEnd('/')), paths.ToArray(), labels.ToArray(),
            runClasses, channels, h, w);
        return (set, unmatched, present);
    }

    private static bool IsImage(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".png" or ".jpg" or ".jpeg";

    /// <summary>The first few names, then how many more.</summary>
    public static string Preview(IReadOnlyList<string> names, int shown = 5) =>
        string.Join(", ", names.Take(shown)) + (names.Count > shown ? $", ... ({names.Count - shown} more)" : "");
}
