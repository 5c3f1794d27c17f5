using FrozenLm.Runtime;

namespace FrozenLm.Data.Motion;

/// <summary>
/// Opens motion-forecasting data: <c>synthetic-roads</c> (generated) or an Argoverse 1 forecasting folder holding
/// <c>train/</c> and <c>val/</c> (each with the scene CSVs directly or under <c>data/</c>, as distributed), with the
/// lanes of the city vector maps in <c>--maps</c> when given (agents only otherwise). A limit takes a seeded subset of
/// the files before any is read.
/// </summary>
public static class MotionDataSources
{
    public static MotionSplits Open(string data, string? maps, double laneRadius, SyntheticRoadsOptions synthetic,
        int trainLimit, int evalLimit, int seed)
    {
        if (string.Equals(data, SyntheticRoads.SourceName, StringComparison.OrdinalIgnoreCase))
        {
            if (maps is not null)
                throw new UserInputException("--maps", "synthetic-roads scenes carry their own lanes; --maps is for Argoverse folders");
            var train = Indices(synthetic.Train, trainLimit, Seeding.Derive(seed, "train-subset"))
                .Select(i => SyntheticRoads.Scene(synthetic, "train", i)).ToList();
            var test = Indices(synthetic.Test, evalLimit, Seeding.Derive(seed, "eval-subset"))
                .Select(i => SyntheticRoads.Scene(synthetic, "test", i)).ToList();
            return new MotionSplits(train, test, SyntheticRoads.SourceName, "generated", "train", "test",
                "generated lane centrelines (2 m spacing)");
        }
        if (!Directory.Exists(data))
            throw new UserInputException("--data", $"'{data}' is neither '{SyntheticRoads.SourceName}' nor an Argoverse forecasting folder");
        var mapSet = maps is null ? null : new VectorMapSet(maps);
        var trainFiles = SceneFiles(data, "train");
        var evalFiles = SceneFiles(data, "val");
        var trainScenes = Read(Pick(trainFiles, trainLimit, Seeding.Derive(seed, "train-subset")), mapSet, laneRadius, needFuture: true);
        var evalScenes = Read(Pick(evalFiles, evalLimit, Seeding.Derive(seed, "eval-subset")), mapSet, laneRadius, needFuture: true);
        var lanes = mapSet is null
            ? "none: no --maps given, scenes use agents only"
            : $"vector-map lanes within {laneRadius:0} m of the target, from {mapSet.Folder}";
        return new MotionSplits(trainScenes, evalScenes, Path.GetFullPath(data), "argoverse-csv", "train", "val", lanes);
    }

    /// <summary>Reads one scene file with its map lanes (for <c>predict</c>; a scene without a future is accepted).</summary>
    public static MotionScene ReadScene(string path, VectorMapSet? maps, double laneRadius)
    {
        var scene = ArgoverseCsvReader.Read(path);
        return maps is null ? scene : WithLanes(scene, maps, laneRadius, path);
    }

    /// <summary>The scene with the lanes of its city's map near the target (a margin beyond the radius for segments that reach in).</summary>
    public static MotionScene WithLanes(MotionScene scene, VectorMapSet maps, double laneRadius, string path)
    {
        var map = maps.For(scene.City, path);
        var agent = scene.Agent;
        var last = MotionTiming.LastObserved;
        return scene with { Lanes = map.LanesNear(agent.X[last], agent.Y[last], laneRadius) };
    }

    private static List<MotionScene> Read(IEnumerable<string> files, VectorMapSet? maps, double laneRadius, bool needFuture) =>
        files.Select(f =>
        {
            var scene = ReadScene(f, maps, laneRadius);
            if (needFuture && !scene.HasFuture)
                throw new UserInputException(f, $"the AGENT has no 3 s future (fewer than {MotionTiming.TotalSteps} steps): a test-split scene cannot train or evaluate");
            return scene;
        }).ToList();

    private static string[] SceneFiles(string root, string split)
    {
        var dir = Path.Combine(root, split);
        if (Directory.Exists(Path.Combine(dir, "data")))
            dir = Path.Combine(dir, "data");
        if (!Directory.Exists(dir))
            throw new UserInputException(root, $"no '{split}' folder (an Argoverse forecasting folder holds train/ and val/, each with scene CSVs or data/)");
        var files = Directory.GetFiles(dir, "*.csv").Order(StringComparer.Ordinal).ToArray();
        return files.Length > 0 ? files : throw new UserInputException(dir, "holds no scene .csv files");
    }

    private static IEnumerable<string> Pick(string[] files, int limit, int seed) => Indices(files.Length, limit, seed).Select(i => files[i]);

    private static int[] Indices(int count, int limit, int seed)
    {
        var all = Enumerable.Range(0, count).ToArray();
        if (limit <= 0 || limit >= count)
            return all;
        new Random(seed).Shuffle(all);
        var picked = all[..limit];
        Array.Sort(picked);
        return picked;
    }
}
