using FrozenLm.Analysis;
using FrozenLm.Data.PointClouds;
using FrozenLm.Encoders.PointCloud;
using FrozenLm.Runtime;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.PointCloud;

/// <summary>
/// Explains one trained point-cloud run: captures group-token features and attention at the paper's points on test
/// clouds, turns them into per-group magnitude, frequency and CLS-attention maps, scores them on the generated
/// <c>shapes</c> data (AUROC of object groups above groups whose centre is an injected outlier), measures gradient
/// coherence of the Point-BERT encoder, and writes filtering.json, coherence.json, renderings.png (clouds with outlier
/// groups first, in pick order) and bars_auroc.png.
/// </summary>
public sealed class PointCloudExplainer : ITaskExplainer
{
    public const string OutlierColumn = "outlier groups (yellow)";

    private const int PrefixTokens = 1;

    public string CompareNote(string data, int samplesPerRun, double? chanceMiou) =>
        $"On {data}, {samplesPerRun} test clouds per run; a token is a point group. Maps are min-max normalised per cloud. " +
        "A group is an outlier group when its FPS centre is an injected uniform outlier of the generated shapes; AUROC " +
        "ranks object groups above outlier groups (50% = chance; below 50% = the map is higher on outliers), over the " +
        "clouds that have outlier groups. Data without outlier labels is not scored. Cells read magnitude / frequency, " +
        "in %, mean over seeds.";

    public TaskExplanation Explain(ITrainingTask trainingTask, string runDir, string outDir, ExplainOptions options, Device device,
        TextWriter? log = null)
    {
        var task = (PointCloudClassificationTask)trainingTask;
        var model = task.Classifier;
        var groups = model.Config.Groups;
        var labelled = string.Equals(task.Options.Data, GeneratedShapes.SourceName, StringComparison.OrdinalIgnoreCase);
        IPointCloudDataset data;
        bool[][]? outliers = null;
        if (labelled)
            (data, outliers) = GeneratedShapes.GenerateTestWithOutliers(task.Shapes);
        else
            data = task.EvalSet;

        var picked = SamplePick.Pick(data.Count, options.Images, Seeding.Derive(options.Seed, "explain/images"));
        var loader = new PointCloudLoader(data, options.BatchSize, task.Options.PointCloud.Points, shuffle: false, dropLast: false,
            PointCloudAugmentOptions.None, task.EvalLoaderSeed);
        var magnitude = new Dictionary<string, MapScoreAccumulator>();
        var frequency = new Dictionary<string, MapScoreAccumulator>();
        var attention = new Dictionary<string, MapScoreAccumulator>();
        var keys = new List<string>();
        var rows = new List<PointCloudRenderingRow>();
        var otherRows = new List<PointCloudRenderingRow>();
        int scored = 0, skipped = 0;
        double objectFraction = 0;
        for (var start = 0; start < picked.Length; start += options.BatchSize)
        {
            var indices = picked[start..Math.Min(picked.Length, start + options.BatchSize)];
            using var batch = loader.MakeBatch(indices, epoch: 0);
            var maps = CaptureMaps(model, batch.Points, device);
            if (keys.Count == 0)
                keys.AddRange(maps.Maps.Keys);
            var points = batch.Points.data<float>().ToArray();
            var perCloud = task.Options.PointCloud.Points * 3;
            for (var b = 0; b < indices.Length; b++)
            {
                var index = indices[b];
                var centres = maps.CentresOf(b);
                var truth = outliers is null ? null : ObjectGroups(centres, data.GetPoints(index).Span, outliers[index]);
                var outlierGroups = truth?.Count(t => !t) ?? 0;
                var preferred = truth is null || outlierGroups > 0;
                if ((preferred ? rows : otherRows).Count < options.OverlayRows)
                {
                    var name = data.ClassNames[data.GetLabel(index)];
                    var cells = new List<float[]?>();
                    if (truth is not null)
                        cells.Add(truth.Select(t => t ? 0f : 1f).ToArray());
                    cells.AddRange(keys.Where(k => !k.EndsWith("/frequency", StringComparison.Ordinal)).Select(k => (float[]?)maps.MapOf(k, b)));
                    var label = truth is null ? name : $"{name}, {outlierGroups} outlier group(s)";
                    (preferred ? rows : otherRows).Add(new PointCloudRenderingRow(points.AsSpan(b * perCloud, perCloud).ToArray(), centres, label, cells));
                }
                if (truth is null)
                    continue;
                if (outlierGroups == 0 || outlierGroups == groups)
                {
                    skipped++;
                    continue;
                }
                scored++;
                objectFraction += (double)(groups - outlierGroups) / groups;
                foreach (var key in keys)
                {
                    var (point, kind) = CapturedMaps.Split(key);
                    var target = kind switch { "magnitude" => magnitude, "frequency" => frequency, _ => attention };
                    if (!target.TryGetValue(point, out var acc))
                        target[point] = acc = new MapScoreAccumulator();
                    acc.Add(maps.MapOf(key, b), truth);
                }
            }
        }

        GradientCoherenceResult? coherence = null;
        if (options.CoherenceSamples > 0)
            coherence = MeasureCoherence(task, device, options);

        var featurePoints = CapturePoints.Features.Where(p => keys.Contains(p + "/magnitude")).ToList();
        var attentionSources = CapturePoints.Attention.Select(a => a.Name).Where(a => keys.Contains(a + "/attn")).ToList();
        var report = new FilteringReport
        {
            Task = task.Name,
            Run = Path.GetFullPath(runDir),
            Data = data.Name,
            Images = scored,
            SkippedImages = skipped,
            Clouds = picked.Length,
            Grid = [groups, 1],
            MaskTokenFraction = null,
            Thresholds = null,
            GroundTruth = labelled
                ? "shapes outliers: a group is an outlier group when its FPS centre is an injected uniform outlier point, else an " +
                  "object group; AUROC ranks object groups above outlier groups (per cloud with both, then averaged)"
                : null,
            Unscored = !labelled
                ? $"'{task.Options.Data}' has no per-point outlier labels (only the generated shapes set has them); maps are rendered, not scored"
                : scored == 0 ? "no explained cloud had an outlier group" : null,
            Points = featurePoints.ToDictionary(p => p, p => new FilteringPointScores(null, null,
                magnitude.GetValueOrDefault(p)?.MeanAuroc, frequency.GetValueOrDefault(p)?.MeanAuroc)),
            AttentionMiou = attentionSources.ToDictionary(a => a, _ => (double?)null),
            AttentionAuroc = attentionSources.ToDictionary(a => a, a => attention.GetValueOrDefault(a)?.MeanAuroc),
            ObjectTokenFraction = scored == 0 ? null : objectFraction / scored,
            ChanceMiou = null,
            GradientCoherence = coherence,
        };
        var files = ExplainFiles.Save(report, outDir);
        rows.AddRange(otherRows.Take(options.OverlayRows - rows.Count));
        if (rows.Count > 0)
        {
            var columns = new List<string>();
            if (outliers is not null)
                columns.Add(OutlierColumn);
            columns.AddRange(keys.Where(k => !k.EndsWith("/frequency", StringComparison.Ordinal)).Select(CapturedMaps.ColumnTitle));
            PointCloudRenderingGrid.Save(Path.Combine(outDir, ExplainFiles.Renderings), columns, rows);
            files.Add(ExplainFiles.Renderings);
        }
        if (scored > 0)
        {
            var title = $"lm {task.Options.Lm.Mode.ToString().ToLowerInvariant()}, seed {task.Options.Seed}: AUROC object vs outlier groups (0.5 = chance)";
            FilteringFigures.SaveAurocBars(report, Path.Combine(outDir, ExplainFiles.AurocBars), title);
            files.Add(ExplainFiles.AurocBars);
        }
        else
        {
            log?.WriteLine($"note: {report.Unscored}");
        }
        return new TaskExplanation(report, Lines(report), files);
    }

    private static List<string> Lines(FilteringReport r)
    {
        var lines = new List<string>
        {
            $"data         {r.Data}: {r.Clouds} clouds explained, {r.Images} with outlier groups scored, {r.Grid[0]} groups per cloud",
        };
        if (r.Unscored is not null)
        {
            lines.Add($"not scored: {r.Unscored}");
        }
        else
        {
            lines.Add($"AUROC of object groups above outlier groups (chance {Pct(r.ChanceAuroc)}); object groups {Pct(r.ObjectTokenFraction)} of each scored cloud on average");
            lines.Add($"{"point",-12} {"mag AUROC",9} {"freq AUROC",10}");
            foreach (var (name, s) in r.Points)
                lines.Add($"{name,-12} {Pct(s.MagnitudeAuroc),9} {Pct(s.FrequencyAuroc),10}");
            foreach (var (name, auroc) in r.AttentionAuroc)
                lines.Add($"{name + " attn",-12} {Pct(auroc),9}");
        }
        if (r.GradientCoherence is { } c)
            lines.Add(FilteringText.CoherenceLine(c));
        return lines;
    }

    private static string Pct(double? v) => FilteringText.Pct(v);

    /// <summary>Throws for the options that only image runs take (<c>--masks</c>, <c>--data</c>).</summary>
    public void CheckOptions(ExplainOptions options, string runDir)
    {
        if (options.Masks is not null)
            throw new UserInputException("--masks", $"object masks are for image runs; {runDir} is a point-cloud run");
        if (options.Data is not null)
            throw new UserInputException("--data", $"is for image runs; {runDir} is a point-cloud run, explained on its own test clouds");
    }

    /// <summary>Runs the classifier on clouds [B, N, 3] with capture set and returns its centres and per-group maps.</summary>
    public static PointCloudMaps CaptureMaps(PointBertClassifier model, Tensor points, Device device)
    {
        var groups = model.Config.Groups;
        var captured = CapturedMaps.Capture(c => model.Capture = c, () => model.forward(points.to(device)));
        try
        {
            if (!captured.TryGetValue("centres", out var centres))
                throw new InvalidOperationException("the point-cloud encoder did not capture its group centres");
            return new PointCloudMaps(centres.data<float>().ToArray(), groups, CapturedMaps.Maps(captured, groups, 1, PrefixTokens));
        }
        finally
        {
            foreach (var t in captured.Values)
                t.Dispose();
        }
    }

    /// <summary>
    /// Per group, true when its centre ([G * 3]) is not one of the cloud's outlier points. Centres are exact copies of
    /// input points (FPS gathers them), and the input points exact copies of the cloud's, so equality is exact.
    /// </summary>
    public static bool[] ObjectGroups(ReadOnlySpan<float> centres, ReadOnlySpan<float> cloud, IReadOnlyList<bool> outlierPoints)
    {
        if (cloud.Length != 3 * outlierPoints.Count)
            throw new ArgumentException($"{cloud.Length / 3} points but {outlierPoints.Count} outlier flags");
        var outlierCoordinates = new HashSet<(float, float, float)>();
        for (var i = 0; i < outlierPoints.Count; i++)
        {
            if (outlierPoints[i])
                outlierCoordinates.Add((cloud[3 * i], cloud[3 * i + 1], cloud[3 * i + 2]));
        }
        var result = new bool[centres.Length / 3];
        for (var g = 0; g < result.Length; g++)
            result[g] = !outlierCoordinates.Contains((centres[3 * g], centres[3 * g + 1], centres[3 * g + 2]));
        return result;
    }

    /// <summary>Gradient coherence of the Point-BERT encoder (trainable parameters except the LM stage and the head).</summary>
    public static GradientCoherenceResult MeasureCoherence(PointCloudClassificationTask task, Device device, ExplainOptions options)
    {
        var model = task.Classifier;
        var parameters = EncoderCoherence.Parameters(model, "encoder.lm_stage.", "head.");
        var train = task.TrainSet;
        var picked = SamplePick.Pick(train.Count, options.CoherenceSamples, Seeding.Derive(options.Seed, "explain/coherence"));
        var loader = new PointCloudLoader(train, picked.Length, task.Options.PointCloud.Points, shuffle: false, dropLast: false,
            PointCloudAugmentOptions.None, Seeding.Derive(options.Seed, "explain/coherence-points"));
        using var batch = loader.MakeBatch(picked, epoch: 0);
        return EncoderCoherence.Measure(model, parameters, model.forward, batch.Points, batch.Labels, device);
    }
}
