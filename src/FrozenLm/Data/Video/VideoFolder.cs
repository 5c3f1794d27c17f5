namespace FrozenLm.Data.Video;

/// <summary>
/// A folder of clips with annotation files, in one of three layouts (<c>--data-format</c> forces one):
/// <c>list</c> = mmaction lists <c>train_list.txt</c> and <c>val_list.txt</c> (or <c>test_list.txt</c>) of
/// <see cref="ClipListFile"/> lines, with optional <c>classes.txt</c> (one name per line); <c>ssv2-json</c> =
/// <c>labels.json</c>, <c>train.json</c>, <c>validation.json</c> (also with the <c>something-something-v2-</c> prefix);
/// <c>ssv2-csv</c> = <c>labels.csv</c>, <c>train.csv</c>, <c>validation.csv</c>. Clip paths are relative to the folder;
/// an SSv2 id names a rawframes folder <c>ID/</c> or a video <c>ID.webm</c> / <c>ID.mp4</c>.
/// </summary>
public static class VideoFolder
{
    public const string ListFormat = "list";
    public const string Ssv2JsonFormat = "ssv2-json";
    public const string Ssv2CsvFormat = "ssv2-csv";
    private const string Ssv2Prefix = "something-something-v2-";

    public static VideoDataSplits Open(string root, string? format, int maxShortSide)
    {
        format ??= Detect(root);
        var source = Path.GetFullPath(root);
        switch (format)
        {
            case ListFormat:
            {
                var train = Required(root, "train_list.txt");
                var test = Find(root, "val_list.txt") ?? Find(root, "test_list.txt")
                    ?? throw new UserInputException(root, "has train_list.txt but neither val_list.txt nor test_list.txt");
                var trainClips = ClipListFile.Read(train, root);
                var testClips = ClipListFile.Read(test, root);
                var classesFile = Find(root, "classes.txt");
                var classes = classesFile is not null
                    ? Ssv2Annotations.ReadCsvLabels(classesFile)
                    : Enumerable.Range(0, trainClips.Concat(testClips).Max(c => c.Label) + 1).Select(i => $"class {i}").ToList();
                return new VideoDataSplits(
                    new AnnotatedVideoDataset($"{Path.GetFileName(source)}/train", trainClips, classes, train, maxShortSide),
                    new AnnotatedVideoDataset($"{Path.GetFileName(source)}/{Path.GetFileNameWithoutExtension(test).Replace("_list", "")}",
                        testClips, classes, test, maxShortSide),
                    source, ListFormat);
            }
            case Ssv2JsonFormat:
            {
                var labels = Ssv2Annotations.ReadJsonLabels(Ssv2File(root, "labels.json"));
                var train = Ssv2File(root, "train.json");
                var test = Ssv2File(root, "validation.json");
                return Ssv2Splits(root, source, labels, train, Ssv2Annotations.ReadJsonSplit(train, labels), test,
                    Ssv2Annotations.ReadJsonSplit(test, labels), Ssv2JsonFormat, maxShortSide);
            }
            case Ssv2CsvFormat:
            {
                var labels = Ssv2Annotations.ReadCsvLabels(Ssv2File(root, "labels.csv"));
                var train = Ssv2File(root, "train.csv");
                var test = Ssv2File(root, "validation.csv");
                return Ssv2Splits(root, source, labels, train, Ssv2Annotations.ReadCsvSplit(train, labels), test,
                    Ssv2Annotations.ReadCsvSplit(test, labels), Ssv2CsvFormat, maxShortSide);
            }
            default:
                throw new UserInputException("--data-format", $"unknown video format '{format}' (known: {ListFormat}, {Ssv2JsonFormat}, {Ssv2CsvFormat})");
        }
    }

    private static string Detect(string root)
    {
        if (Find(root, "train_list.txt") is not null)
            return ListFormat;
        if (Find(root, "labels.json") is not null || Find(root, Ssv2Prefix + "labels.json") is not null)
            return Ssv2JsonFormat;
        if (Find(root, "labels.csv") is not null || Find(root, Ssv2Prefix + "labels.csv") is not null)
            return Ssv2CsvFormat;
        throw new UserInputException(root,
            "no annotation files found: expected train_list.txt + val_list.txt, SSv2 labels.json + train.json + validation.json, or labels.csv + train.csv + validation.csv");
    }

    private static VideoDataSplits Ssv2Splits(string root, string source, List<string> labels, string trainFile,
        List<(string Id, int Label)> train, string testFile, List<(string Id, int Label)> test, string format, int maxShortSide)
    {
        List<ClipEntry> Entries(List<(string Id, int Label)> items) => items.Select(i => new ClipEntry(ClipPath(root, i.Id), null, i.Label)).ToList();
        var name = Path.GetFileName(source);
        return new VideoDataSplits(
            new AnnotatedVideoDataset($"{name}/train", Entries(train), labels, trainFile, maxShortSide),
            new AnnotatedVideoDataset($"{name}/validation", Entries(test), labels, testFile, maxShortSide),
            source, format);
    }

    /// <summary>An SSv2 clip id's rawframes folder, else its video file (.webm, .mp4), else the folder path (reported when read).</summary>
    private static string ClipPath(string root, string id)
    {
        var folder = Path.Combine(root, id);
        if (Directory.Exists(folder))
            return folder;
        foreach (var extension in new[] { ".webm", ".mp4", ".avi", ".mkv" })
        {
            if (File.Exists(folder + extension))
                return folder + extension;
        }
        return folder;
    }

    private static string Ssv2File(string root, string name) =>
        Find(root, name) ?? Find(root, Ssv2Prefix + name) ?? throw new UserInputException(root, $"missing annotation file {name}");

    private static string Required(string root, string name) =>
        Find(root, name) ?? throw new UserInputException(root, $"missing annotation file {name}");

    private static string? Find(string root, string name)
    {
        var path = Path.Combine(root, name);
        return File.Exists(path) ? path : null;
    }
}
