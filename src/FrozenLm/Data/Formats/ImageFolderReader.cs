namespace FrozenLm.Data.Formats;

/// <summary>
/// Reads DIR/train/&lt;class&gt;/*.png|jpg with DIR/test|val/&lt;class&gt;/..., or DIR/&lt;class&gt;/... split by a seed.
/// Classes are the folder names in ordinal order; the first image fixes the channel count (gray or RGB) and size.
/// </summary>
internal static class ImageFolderReader
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg"];

    /// <summary>Fraction of each class held out as the test split for a flat DIR/&lt;class&gt;/ layout without a split fraction.</summary>
    public const double DefaultHeldOutFraction = 0.2;

    public static ImageDataSplits Open(string dir, int seed, double heldOutFraction)
    {
        var trainDir = Path.Combine(dir, "train");
        if (Directory.Exists(trainDir))
        {
            var testDir = new[] { "test", "val", "validation" }.Select(d => Path.Combine(dir, d)).FirstOrDefault(Directory.Exists)
                ?? throw new UserInputException(dir, "ImageFolder has train/ but no test/ or val/ folder");
            var classNames = ClassFolders(trainDir).Select(Path.GetFileName).ToArray()!;
            var (trainPaths, trainLabels) = List(trainDir, classNames!, requireAll: true);
            var (testPaths, testLabels) = List(testDir, classNames!, requireAll: false);
            var (c, h, w) = Shape(trainPaths[0]);
            var train = new ImageFolderDataset(Path.GetFileName(Path.GetFullPath(dir).TrimEnd('/')) + "/train",
                trainPaths, trainLabels, classNames!, c, h, w);
            var test = new ImageFolderDataset(Path.GetFileName(Path.GetFullPath(dir).TrimEnd('/')) + "/" + Path.GetFileName(testDir),
                testPaths, testLabels, classNames!, c, h, w);
            return new ImageDataSplits(train, test, dir, "imagefolder");
        }
        var names = ClassFolders(dir).Select(Path.GetFileName).ToArray();
        var (paths, labels) = List(dir, names!, requireAll: true);
        var (ch, hh, ww) = Shape(paths[0]);
        var all = new ImageFolderDataset(Path.GetFileName(Path.GetFullPath(dir).TrimEnd('/')), paths, labels, names!, ch, hh, ww);
        var (keep, held) = StratifiedSplit.Split(labels, names.Length, heldOutFraction, seed);
        return new ImageDataSplits(all.Subset(keep, all.Name + "/train"), all.Subset(held, all.Name + "/test"), dir, "imagefolder");
    }

    /// <summary>True when <paramref name="dir"/> has class sub-folders (or train/&lt;class&gt;/) holding images.</summary>
    public static bool Detect(string dir)
    {
        var root = Directory.Exists(Path.Combine(dir, "train")) ? Path.Combine(dir, "train") : dir;
        return Directory.EnumerateDirectories(root).Any(d => Directory.EnumerateFiles(d).Any(IsImage));
    }

    private static string[] ClassFolders(string dir)
    {
        var folders = Directory.GetDirectories(dir).OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal).ToArray();
        if (folders.Length < 2)
            throw new UserInputException(dir, $"ImageFolder needs at least two class folders, found {folders.Length}");
        return folders;
    }

    private static (string[] Paths, int[] Labels) List(string dir, string[] classNames, bool requireAll)
    {
        var known = new HashSet<string>(classNames, StringComparer.Ordinal);
        foreach (var folder in Directory.GetDirectories(dir))
        {
            if (!known.Contains(Path.GetFileName(folder)))
                throw new UserInputException(folder, "class folder is not among the training classes");
        }
        var paths = new List<string>();
        var labels = new List<int>();
        for (var label = 0; label < classNames.Length; label++)
        {
            var folder = Path.Combine(dir, classNames[label]);
            if (!Directory.Exists(folder))
            {
                if (requireAll)
                    throw new UserInputException(folder, "class folder is missing");
                continue;
            }
            var files = Directory.GetFiles(folder).Where(IsImage).OrderBy(f => f, StringComparer.Ordinal).ToArray();
            if (files.Length == 0)
                throw new UserInputException(folder, "class folder has no PNG/JPEG images");
            paths.AddRange(files);
            labels.AddRange(Enumerable.Repeat(label, files.Length));
        }
        if (paths.Count == 0)
            throw new UserInputException(dir, "folder has no PNG/JPEG images");
        return (paths.ToArray(), labels.ToArray());
    }

    internal static (int Channels, int Height, int Width) Shape(string firstImage)
    {
        var (h, w, gray) = ImageFiles.Probe(firstImage);
        return (gray ? 1 : 3, h, w);
    }

    private static bool IsImage(string path) =>
        Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);
}
