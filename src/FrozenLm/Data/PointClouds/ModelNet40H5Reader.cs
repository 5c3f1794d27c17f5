namespace FrozenLm.Data.PointClouds;

/// <summary>
/// Reads ModelNet40 as distributed in HDF5 (<c>modelnet40_ply_hdf5_2048</c>): <c>train_files.txt</c> and
/// <c>test_files.txt</c> list the h5 files (only their file names are used, looked up in the same folder),
/// <c>shape_names.txt</c> names the classes.
/// </summary>
public static class ModelNet40H5Reader
{
    public const string TrainList = "train_files.txt";
    public const string TestList = "test_files.txt";

    /// <summary>True when <paramref name="directory"/> looks like this layout.</summary>
    public static bool Recognizes(string directory) =>
        File.Exists(Path.Combine(directory, TrainList)) && File.Exists(Path.Combine(directory, TestList));

    public static PointCloudDataSplits Read(string directory)
    {
        var train = ReadList(directory, TrainList);
        var test = ReadList(directory, TestList);
        var maxLabel = Math.Max(train.Labels.DefaultIfEmpty(0).Max(), test.Labels.DefaultIfEmpty(0).Max());
        var names = ReadClassNames(directory, maxLabel + 1);
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));
        return new PointCloudDataSplits(
            new InMemoryPointCloudDataset(name + "/train", names, train.Clouds, train.Labels),
            new InMemoryPointCloudDataset(name + "/test", names, test.Clouds, test.Labels),
            directory, "modelnet40-h5");
    }

    private static (float[][] Clouds, int[] Labels) ReadList(string directory, string listName)
    {
        var listPath = Path.Combine(directory, listName);
        var files = File.ReadAllLines(listPath).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (files.Count == 0)
            throw new UserInputException(listPath, "lists no h5 files");
        var clouds = new List<float[]>();
        var labels = new List<int>();
        foreach (var entry in files)
        {
            var local = Path.Combine(directory, Path.GetFileName(entry.Replace('\\', '/')));
            if (!File.Exists(local))
                throw new UserInputException(listPath, $"lists '{entry}' but {local} does not exist");
            var (c, l) = H5PointCloudFile.Read(local);
            clouds.AddRange(c);
            labels.AddRange(l);
        }
        return (clouds.ToArray(), labels.ToArray());
    }

    private static IReadOnlyList<string> ReadClassNames(string directory, int needed)
    {
        var path = Path.Combine(directory, "shape_names.txt");
        if (!File.Exists(path))
            return Enumerable.Range(0, needed).Select(i => $"class{i}").ToArray();
        var names = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (names.Length < needed)
            throw new UserInputException(path, $"names {names.Length} classes but the labels go up to {needed - 1}");
        return names;
    }
}
