namespace FrozenLm.Data.PointClouds;

/// <summary>
/// Reads ScanObjectNN's h5 files (15 classes). Variants: OBJ-BG = <c>main_split/training_objectdataset.h5</c>,
/// OBJ-ONLY = <c>main_split_nobg/training_objectdataset.h5</c>, PB-T50-RS =
/// <c>main_split/training_objectdataset_augmentedrot_scale75.h5</c> (test files named <c>test_...</c>). The folder may
/// be the h5_files root (holding main_split and main_split_nobg) or one split folder.
/// </summary>
public static class ScanObjectNNReader
{
    public static readonly IReadOnlyList<string> ClassNames =
    [
        "bag", "bin", "box", "cabinet", "chair", "desk", "display", "door", "shelf", "table", "bed", "pillow", "sink",
        "sofa", "toilet",
    ];

    public static readonly IReadOnlyList<string> Variants = ["obj-bg", "obj-only", "pb-t50-rs"];

    /// <summary>True when <paramref name="directory"/> holds ScanObjectNN h5 files directly or in its split folders.</summary>
    public static bool Recognizes(string directory) =>
        Directory.Exists(Path.Combine(directory, "main_split")) || Directory.Exists(Path.Combine(directory, "main_split_nobg"))
        || Directory.EnumerateFiles(directory, "training_objectdataset*.h5").Any();

    public static PointCloudDataSplits Read(string directory, string variant)
    {
        var v = variant.ToLowerInvariant();
        if (!Variants.Contains(v))
            throw new UserInputException("--variant", $"unknown ScanObjectNN variant '{variant}' (expected {string.Join(", ", Variants)})");
        var suffix = v == "pb-t50-rs" ? "_augmentedrot_scale75" : "";
        var splitDir = v == "obj-only" ? "main_split_nobg" : "main_split";
        var folder = Directory.Exists(Path.Combine(directory, splitDir)) ? Path.Combine(directory, splitDir) : directory;
        var trainPath = Path.Combine(folder, $"training_objectdataset{suffix}.h5");
        var testPath = Path.Combine(folder, $"test_objectdataset{suffix}.h5");
        foreach (var p in new[] { trainPath, testPath })
        {
            if (!File.Exists(p))
                throw new UserInputException(p, $"file not found (ScanObjectNN variant {v})");
        }
        var (trainClouds, trainLabels) = H5PointCloudFile.Read(trainPath);
        var (testClouds, testLabels) = H5PointCloudFile.Read(testPath);
        CheckLabels(trainPath, trainLabels);
        CheckLabels(testPath, testLabels);
        return new PointCloudDataSplits(
            new InMemoryPointCloudDataset($"scanobjectnn-{v}/train", ClassNames, trainClouds, trainLabels),
            new InMemoryPointCloudDataset($"scanobjectnn-{v}/test", ClassNames, testClouds, testLabels),
            directory, "scanobjectnn-" + v);
    }

    private static void CheckLabels(string path, int[] labels)
    {
        foreach (var l in labels)
        {
            if (l >= ClassNames.Count)
                throw new UserInputException(path, $"label {l} is outside ScanObjectNN's {ClassNames.Count} classes");
        }
    }
}
