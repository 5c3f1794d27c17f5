namespace FrozenLm.Data.PointClouds;

/// <summary>
/// Reads a folder of per-class point files (<c>.txt</c>, <c>.xyz</c>, <c>.off</c>) laid out as
/// <c>DIR/&lt;class&gt;/{train,test}/*</c> (ModelNet's layout) or <c>DIR/{train,test}/&lt;class&gt;/*</c>. Meshes are
/// sampled area-weighted with a seed derived from the file name; every cloud is normalised into the unit sphere.
/// </summary>
public static class PointCloudFolderReader
{
    private static readonly string[] Extensions = [".txt", ".xyz", ".off"];

    public static PointCloudDataSplits Read(string directory, int meshSamples, int seed)
    {
        if (!Directory.Exists(directory))
            throw new UserInputException(directory, "folder not found");
        var trainFirst = Directory.Exists(Path.Combine(directory, "train")) && Directory.Exists(Path.Combine(directory, "test"));
        var classes = trainFirst
            ? Directory.GetDirectories(Path.Combine(directory, "train")).Select(Path.GetFileName).OfType<string>()
                .Union(Directory.GetDirectories(Path.Combine(directory, "test")).Select(Path.GetFileName).OfType<string>())
            : Directory.GetDirectories(directory).Select(Path.GetFileName).OfType<string>()
                .Where(c => Directory.Exists(Path.Combine(directory, c, "train")) || Directory.Exists(Path.Combine(directory, c, "test")));
        var names = classes.Order(StringComparer.Ordinal).ToArray();
        if (names.Length == 0)
            throw new UserInputException(directory, "no class folders found (expected DIR/<class>/train|test/* or DIR/train|test/<class>/*)");
        string SplitDir(string cls, string split) =>
            trainFirst ? Path.Combine(directory, split, cls) : Path.Combine(directory, cls, split);
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));
        var train = ReadSplit(names, c => SplitDir(c, "train"), meshSamples, seed, name + "/train");
        var test = ReadSplit(names, c => SplitDir(c, "test"), meshSamples, seed, name + "/test");
        if (train.Count == 0)
            throw new UserInputException(directory, "no training files (.txt, .xyz, .off) found");
        if (test.Count == 0)
            throw new UserInputException(directory, "no test files (.txt, .xyz, .off) found");
        return new PointCloudDataSplits(train, test, directory, "folder");
    }

    private static InMemoryPointCloudDataset ReadSplit(string[] classes, Func<string, string> dirOf, int meshSamples, int seed, string name)
    {
        var files = new List<(string Path, int Label)>();
        for (var c = 0; c < classes.Length; c++)
        {
            var dir = dirOf(classes[c]);
            if (!Directory.Exists(dir))
                continue;
            files.AddRange(Directory.GetFiles(dir)
                .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .Order(StringComparer.Ordinal)
                .Select(f => (f, c)));
        }
        var clouds = new float[files.Count][];
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            clouds[i] = ReadFile(files[i].Path, meshSamples, seed);
        });
        return new InMemoryPointCloudDataset(name, classes, clouds, files.Select(f => f.Label).ToArray());
    }

    /// <summary>Reads one file as a normalised cloud; meshes give <paramref name="meshSamples"/> surface points.</summary>
    public static float[] ReadFile(string path, int meshSamples, int seed)
    {
        float[] xyz;
        if (Path.GetExtension(path).Equals(".off", StringComparison.OrdinalIgnoreCase))
        {
            var mesh = OffMeshReader.Read(path);
            try
            {
                xyz = mesh.SampleSurface(meshSamples, new Random(Runtime.Seeding.Derive(seed, Path.GetFileName(path))));
            }
            catch (InvalidOperationException e)
            {
                throw new UserInputException(path, e.Message, e);
            }
            PointCloudChecks.Check(path, xyz, "the mesh sample");
        }
        else
        {
            xyz = TextPointCloudReader.Read(path);
        }
        PointCloudChecks.NormalizeToUnitSphere(xyz);
        return xyz;
    }
}
