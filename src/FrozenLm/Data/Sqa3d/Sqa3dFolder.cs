namespace FrozenLm.Data.Sqa3d;

/// <summary>
/// A folder in the SQA3D layout: <c>v1_balanced_questions_SPLIT_scannetv2.json</c> and
/// <c>v1_balanced_sqa_annotations_SPLIT_scannetv2.json</c> (directly in it or under <c>balanced/</c>; any
/// <c>*questions*SPLIT*.json</c> / <c>*annotations*SPLIT*.json</c> pair is accepted) and the scenes as point clouds
/// <c>scenes/SCENE_ID.ply</c> or <c>.npy</c> (or ScanNet's <c>scans/SCENE_ID/SCENE_ID_vh_clean_2.ply</c>). Training
/// reads <c>train</c>, evaluation <c>test</c> (or <c>val</c> when there is no test split). Scenes are normalised
/// (<see cref="ScenePoints.Normalise"/>) and the agent's position scaled with them.
/// </summary>
public static class Sqa3dFolder
{
    public const string Format = "sqa3d";

    /// <summary>Whether <paramref name="dir"/> looks like the layout (a training questions file).</summary>
    public static bool Detect(string dir) => Directory.Exists(dir) && Find(dir, "train", "questions", required: false) is not null;

    public static Sqa3dData Open(string dir)
    {
        if (!Directory.Exists(dir))
            throw new UserInputException(dir, "SQA3D folder not found");
        var evalSplit = Find(dir, "test", "questions", required: false) is not null ? "test" : "val";
        return new Sqa3dData(OpenSplit(dir, "train"), OpenSplit(dir, evalSplit), dir, Format, Sqa3dJsonReader.Families);
    }

    private static Sqa3dSplit OpenSplit(string dir, string split)
    {
        var entries = Sqa3dJsonReader.Read(Find(dir, split, "questions", required: true)!, Find(dir, split, "annotations", required: true)!);
        var scenes = new Dictionary<string, ScenePoints>(StringComparer.Ordinal);
        var scales = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var id in entries.Select(e => e.SceneId).Distinct(StringComparer.Ordinal))
        {
            var (scene, scale) = ScenePointFiles.Read(ScenePath(dir, id), id);
            scenes[id] = scene;
            scales[id] = scale;
        }
        var samples = entries.Select((e, i) => new Sqa3dSample(i, e.SceneId, e.Situation, e.Question, e.Answer, e.Family,
            new AgentPose(e.X * scales[e.SceneId], e.Y * scales[e.SceneId], e.Yaw))).ToList();
        return new Sqa3dSplit($"sqa3d/{split}", samples, scenes);
    }

    /// <summary>The point-cloud file of scene <paramref name="id"/>; a missing one is a <see cref="UserInputException"/> naming the folder.</summary>
    public static string ScenePath(string dir, string id)
    {
        var candidates = ScenePointFiles.Extensions.Select(ext => Path.Combine(dir, "scenes", id + ext))
            .Append(Path.Combine(dir, "scans", id, id + "_vh_clean_2.ply"));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new UserInputException(dir, $"scene '{id}' has no point cloud (scenes/{id}.ply, scenes/{id}.npy or scans/{id}/{id}_vh_clean_2.ply)");
    }

    private static string? Find(string dir, string split, string kind, bool required)
    {
        var folders = new[] { dir, Path.Combine(dir, "balanced") }.Where(Directory.Exists);
        var files = folders.SelectMany(f => Directory.EnumerateFiles(f, "*.json"))
            .Where(f =>
            {
                var name = Path.GetFileName(f).ToLowerInvariant();
                return name.Contains(kind, StringComparison.Ordinal) && name.Contains($"_{split}", StringComparison.Ordinal);
            })
            .Order(StringComparer.Ordinal).ToList();
        if (files.Count == 1)
            return files[0];
        if (!required && files.Count == 0)
            return null;
        throw new UserInputException(dir, $"expected one *{kind}*_{split}*.json file, found {files.Count}");
    }
}
