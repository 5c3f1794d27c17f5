using FrozenLm.Analysis;
using FrozenLm.Data.Sqa3d;
using FrozenLm.FrozenStage;
using FrozenLm.Runtime;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.Sqa3d;

/// <summary>
/// Explains a 3D QA run: the activation maps over the scene tokens of the merged sequence (magnitude and frequency at
/// the capture points, and the scene [CLS]'s attention over the scene tokens), per question, rendered on the point
/// cloud (renderings.png, each point coloured by its group's value). With <c>--scene F --situation "..." --question
/// "..."</c> it draws that question; otherwise evaluation questions, scored on generated rooms by the AUROC of object
/// groups (an FPS centre on a coloured object point) above floor groups (a centre on the grey floor). With object
/// tokens a token sits at its object's centroid and the maps are rendered, not scored (every token is an object).
/// Gradient coherence is not measured for 3D QA.
/// </summary>
public sealed class Sqa3dExplainer : ITaskExplainer
{
    private const int PrefixTokens = 1;

    public IReadOnlyList<TaskCommandFlag> Flags { get; } =
    [
        new(Sqa3dPredictor.SceneFlag, "3dqa: with --situation and --question, the scene point cloud to explain"),
        new(Sqa3dPredictor.SituationFlag, "3dqa: with --scene, the agent's situation"),
        new(Sqa3dPredictor.QuestionFlag, "With --scene (3dqa) or --image (vqa): the question whose activation maps are drawn"),
    ];

    public void CheckOptions(ExplainOptions options, string runDir)
    {
        if (options.Masks is not null)
            throw new UserInputException("--masks", "a 3D QA run is scored on the generated rooms' object points; it takes no mask folder");
        if (options.Data is not null)
            throw new UserInputException("--data", "a 3D QA run is explained on its own evaluation questions or on --scene with --situation and --question");
        var given = new[] { Sqa3dPredictor.SceneFlag, Sqa3dPredictor.SituationFlag, Sqa3dPredictor.QuestionFlag }
            .Where(f => options.Values.Single(f) is not null).ToList();
        if (given.Count is > 0 and < 3)
            throw new UserInputException(given[0], "give --scene, --situation and --question together");
        if (options.Values.Single(Sqa3dPredictor.SceneFlag) is { } scene && !File.Exists(scene))
            throw new UserInputException(scene, "file not found");
    }

    public string CompareNote(string data, int samplesPerRun, double? chanceMiou) =>
        $"On {data}, {samplesPerRun} questions per run; a scene token is a point group (or an object, whose runs are rendered, not scored). Maps are min-max normalised per question. " +
        "AUROC ranks object groups (FPS centre on a coloured object point) above floor groups (centre on the grey floor); 50% = chance. " +
        "Cells read magnitude / frequency, in %, mean over seeds.";

    public TaskExplanation Explain(ITrainingTask trainingTask, string runDir, string outDir, ExplainOptions options, Device device,
        TextWriter? log = null)
    {
        var task = (Sqa3dTask)trainingTask;
        var groups = task.Config.SceneTokens - 1;
        var objectTokens = task.Net.ReadsObjects;
        var rows = new List<PointCloudRenderingRow>();
        var keys = new List<string>();
        var magnitude = new Dictionary<string, MapScoreAccumulator>();
        var frequency = new Dictionary<string, MapScoreAccumulator>();
        var attention = new Dictionary<string, MapScoreAccumulator>();
        int scored = 0, skipped = 0, explained;
        double objectFraction = 0;
        var generated = string.Equals(task.Data.Format, "generated", StringComparison.Ordinal);
        string data;
        if (options.Values.Single(Sqa3dPredictor.SceneFlag) is { } file)
        {
            var (scene, _) = ScenePointFiles.Read(file, Path.GetFileNameWithoutExtension(file));
            var values = new float[task.Qa.Points * ScenePoints.Channels];
            var ids = new long[task.Qa.Points];
            Sqa3dBatches.Resample(scene, task.Qa.Points, new Random(0), values, ids);
            using var points = tensor(values, [1, task.Qa.Points, ScenePoints.Channels]);
            using var segments = task.SegmentsFor(scene, file, ids);
            var question = options.Values.Single(Sqa3dPredictor.QuestionFlag)!;
            var (maps, centres, answers) = CaptureMaps(task, points, segments, [options.Values.Single(Sqa3dPredictor.SituationFlag)!], [question], device, groups);
            keys.AddRange(maps.Keys.Where(k => !k.EndsWith("/frequency", StringComparison.Ordinal)));
            rows.Add(Row(values, centres, 0, groups, $"{question} -> {answers[0]}", maps, keys));
            data = file;
            explained = 1;
        }
        else
        {
            var split = task.Data.Eval;
            data = split.Name;
            var picked = SamplePick.Pick(split.Samples.Count, options.Images, Seeding.Derive(options.Seed, "explain/questions"));
            explained = picked.Length;
            foreach (var chunk in picked.Chunk(options.BatchSize))
            {
                using var batch = task.EvalSplitBatches.Build(chunk);
                var (maps, centres, answers) = CaptureMaps(task, batch.Scenes, batch.Segments, batch.Situations, batch.Questions, device, groups);
                if (keys.Count == 0)
                    keys.AddRange(maps.Keys.Where(k => !k.EndsWith("/frequency", StringComparison.Ordinal)));
                var values = batch.Scenes.data<float>().ToArray();
                var perScene = task.Qa.Points * ScenePoints.Channels;
                for (var b = 0; b < batch.Size; b++)
                {
                    var sample = split.Samples[chunk[b]];
                    var cloud = values.AsSpan(b * perScene, perScene).ToArray();
                    if (rows.Count < options.OverlayRows)
                        rows.Add(Row(cloud, centres, b, groups, $"{sample.Question} -> {answers[b]} ({sample.Answer})", maps, keys));
                    if (!generated || objectTokens)
                        continue;
                    var truth = ObjectGroups(centres.AsSpan(b * groups * 3, groups * 3), cloud);
                    var objects = truth.Count(t => t);
                    if (objects == 0 || objects == groups)
                    {
                        skipped++;
                        continue;
                    }
                    scored++;
                    objectFraction += (double)objects / groups;
                    foreach (var key in maps.Keys)
                    {
                        var (point, kind) = CapturedMaps.Split(key);
                        var target = kind switch { "magnitude" => magnitude, "frequency" => frequency, _ => attention };
                        if (!target.TryGetValue(point, out var acc))
                            target[point] = acc = new MapScoreAccumulator();
                        acc.Add(maps[key].AsSpan(b * groups, groups).ToArray(), truth);
                    }
                }
            }
        }
        var featurePoints = CapturePoints.Features.Where(p => magnitude.ContainsKey(p) || keys.Contains(p + "/magnitude")).ToList();
        var attentionSources = CapturePoints.Attention.Select(a => a.Name).Where(a => keys.Contains(a + "/attn")).ToList();
        var report = new FilteringReport
        {
            Task = task.Name,
            Run = Path.GetFullPath(runDir),
            Data = data,
            Images = scored,
            SkippedImages = skipped,
            Clouds = explained,
            Grid = [groups, 1],
            MaskTokenFraction = null,
            Thresholds = null,
            GroundTruth = generated && !objectTokens
                ? "generated rooms: a group is an object group when its FPS centre is a coloured object point, a floor group when it is a grey floor point; AUROC ranks object groups above floor groups (per question, then averaged)"
                : null,
            Unscored = scored > 0 ? null
                : objectTokens ? "object tokens: every scene token is an object (the token at its centroid), so there is no object/floor split to score"
                : generated ? "no explained question had both object and floor groups"
                : $"'{data}' has no object/floor labels (only the generated rooms do); maps are rendered, not scored",
            Points = featurePoints.ToDictionary(p => p, p => new FilteringPointScores(null, null,
                magnitude.GetValueOrDefault(p)?.MeanAuroc, frequency.GetValueOrDefault(p)?.MeanAuroc)),
            AttentionMiou = attentionSources.ToDictionary(a => a, _ => (double?)null),
            AttentionAuroc = attentionSources.ToDictionary(a => a, a => attention.GetValueOrDefault(a)?.MeanAuroc),
            ObjectTokenFraction = scored == 0 ? null : objectFraction / scored,
            ChanceMiou = null,
        };
        var files = ExplainFiles.Save(report, outDir);
        if (rows.Count > 0)
        {
            PointCloudRenderingGrid.Save(Path.Combine(outDir, ExplainFiles.Renderings), keys.Select(CapturedMaps.ColumnTitle).ToList(), rows);
            files.Add(ExplainFiles.Renderings);
        }
        if (scored > 0)
        {
            var title = $"lm {task.Options.Lm.Mode.ToString().ToLowerInvariant()}, seed {task.Options.Seed}: AUROC object vs floor groups (0.5 = chance)";
            FilteringFigures.SaveAurocBars(report, Path.Combine(outDir, ExplainFiles.AurocBars), title);
            files.Add(ExplainFiles.AurocBars);
        }
        else if (report.Unscored is not null)
        {
            log?.WriteLine($"note: {report.Unscored}");
        }
        var lines = new List<string> { $"data         {data}: {explained} question(s) explained, {scored} scored, {groups} scene groups each, {rows.Count} rendered" };
        if (scored > 0)
        {
            lines.Add($"AUROC of object groups above floor groups (chance 50%); object groups {FilteringText.Pct(report.ObjectTokenFraction)} of each scene on average");
            foreach (var (name, s) in report.Points)
                lines.Add($"{name,-12} mag {FilteringText.Pct(s.MagnitudeAuroc),7} freq {FilteringText.Pct(s.FrequencyAuroc),7}");
            foreach (var (name, auroc) in report.AttentionAuroc)
                lines.Add($"{name + " attn",-12} {FilteringText.Pct(auroc),7}");
        }
        return new TaskExplanation(report, lines, files);
    }

    /// <summary>Per group, true when its centre ([G * 3]) is a coloured (object) point of <paramref name="cloud"/> ([N * 6]); centres are exact copies of points.</summary>
    public static bool[] ObjectGroups(ReadOnlySpan<float> centres, float[] cloud)
    {
        var colourful = new Dictionary<(float, float, float), bool>();
        for (var i = 0; i < cloud.Length / ScenePoints.Channels; i++)
        {
            var o = i * ScenePoints.Channels;
            var (r, g, b) = (cloud[o + 3], cloud[o + 4], cloud[o + 5]);
            colourful[(cloud[o], cloud[o + 1], cloud[o + 2])] = Math.Max(r, Math.Max(g, b)) - Math.Min(r, Math.Min(g, b)) > 0.2f;
        }
        var result = new bool[centres.Length / 3];
        for (var g = 0; g < result.Length; g++)
            result[g] = colourful.GetValueOrDefault((centres[3 * g], centres[3 * g + 1], centres[3 * g + 2]));
        return result;
    }

    private static PointCloudRenderingRow Row(float[] cloud, float[] centres, int b, int groups, string label,
        Dictionary<string, float[]> maps, List<string> keys)
    {
        var n = cloud.Length / ScenePoints.Channels;
        var xyz = new float[n * 3];
        for (var i = 0; i < n; i++)
            Array.Copy(cloud, i * ScenePoints.Channels, xyz, i * 3, 3);
        return new PointCloudRenderingRow(xyz, centres.AsSpan(b * groups * 3, groups * 3).ToArray(), label,
            keys.Select(k => (float[]?)maps[k].AsSpan(b * groups, groups).ToArray()).ToList());
    }

    /// <summary>Runs the model with the capture hook set; returns the maps over the scene tokens [B * G] per key, the centres [B * G * 3] and the top answers.</summary>
    private static (Dictionary<string, float[]> Maps, float[] Centres, string[] Answers) CaptureMaps(Sqa3dTask task, Tensor scenes,
        Tensor? segments, IReadOnlyList<string> situations, IReadOnlyList<string> questions, Device device, int groups)
    {
        var tokens = task.Net.SceneTokens;
        var answers = new string[questions.Count];
        task.Net.eval();
        var captured = CapturedMaps.Capture(c => task.Net.Capture = c, () =>
        {
            var (hidden, mask) = task.EncodeTexts(situations, questions);
            var best = task.Net.Forward(scenes.to(device), segments?.to(device), hidden, mask).Answers.argmax(1).cpu().data<long>().ToArray();
            for (var i = 0; i < best.Length; i++)
                answers[i] = task.Answers.Answers[(int)best[i]];
        });
        try
        {
            if (!captured.Remove(CapturePoints.Centres, out var centres))
                throw new InvalidOperationException("the scene encoder did not capture its group centres");
            using var _ = centres;
            var scene = captured.ToDictionary(kv => kv.Key, kv => kv.Value.dim() == 4
                ? kv.Value.narrow(2, 0, tokens).narrow(3, 0, tokens)                             // [B, H, Ts, Ts]
                : kv.Value.narrow(1, 0, tokens));                                                // [B, Ts, C]
            try
            {
                return (CapturedMaps.Maps(scene, groups, 1, PrefixTokens), centres.data<float>().ToArray(), answers);
            }
            finally
            {
                foreach (var t in scene.Values)
                    t.Dispose();
            }
        }
        finally
        {
            foreach (var t in captured.Values)
                t.Dispose();
        }
    }
}
