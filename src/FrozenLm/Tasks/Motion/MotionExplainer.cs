using FrozenLm.Analysis;
using FrozenLm.Data.Motion;
using FrozenLm.FrozenStage;
using FrozenLm.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.Motion;

/// <summary>
/// Explains a motion run: the magnitude activation of every polyline token at each capture point (the stage input, the
/// mappers, the LM block's sub-layers), drawn on the scene (one PNG per scene and point under <c>scenes/</c>) and scored
/// by AUROC of the relevant polylines (the target and the lane segments its future drives on) above the others; and
/// the gradient coherence of the encoder (subgraph, projection, global blocks).
/// </summary>
public sealed class MotionExplainer : ITaskExplainer
{
    public const string SceneFolder = "scenes";

    public void CheckOptions(ExplainOptions options, string runDir)
    {
        if (options.Masks is not null)
            throw new UserInputException("--masks", $"object masks are for image runs; {runDir} is a motion run");
        if (options.Data is not null)
            throw new UserInputException("--data", $"is for image runs; {runDir} is explained on its own test scenes");
    }

    public string CompareNote(string data, int samplesPerRun, double? chanceMiou) =>
        $"On {data}, up to {samplesPerRun} test scenes per run; one token per polyline; relevant tokens are the target's " +
        "history and the lane segments within 2 m of its ground-truth future; AUROC ranks them above the other polylines.";

    public TaskExplanation Explain(ITrainingTask trainingTask, string runDir, string outDir, ExplainOptions options, Device device,
        TextWriter? log = null)
    {
        var task = (MotionForecastingTask)trainingTask;
        var net = task.Net;
        var settings = task.Motion;
        var picked = SamplePick.Pick(task.EvalSet.Count, options.Images, Seeding.Derive(options.Seed, "explain/images"));
        var scores = new Dictionary<string, MapScoreAccumulator>();
        var files = new List<string>();
        var relevantFraction = 0.0;
        Directory.CreateDirectory(Path.Combine(outDir, SceneFolder));
        if (!net.TokensArePolylines)
            throw new UserInputException(runDir, $"explain draws one token per polyline; a {net.Architecture} run's trunk and LM stage hold trajectory proposals");
        net.Module.eval();
        for (var start = 0; start < picked.Length; start += options.BatchSize)
        {
            var scenes = picked[start..Math.Min(picked.Length, start + options.BatchSize)].Select(i => task.EvalSet[i]).ToList();
            using var batch = new MotionBatch(scenes, settings.Vectorizer);
            var captured = CapturedMaps.Capture(c => net.Capture = c,
                () => net.Forward(batch.Vectors.to(device), batch.VectorMask.to(device), batch.PolylineMask.to(device)));
            try
            {
                foreach (var point in CapturePoints.Features.Where(captured.ContainsKey))
                {
                    var maps = PolylineActivations.Magnitude(captured[point], scenes);
                    if (!scores.TryGetValue(point, out var acc))
                        scores[point] = acc = new MapScoreAccumulator();
                    for (var b = 0; b < scenes.Count; b++)
                    {
                        acc.Add(maps[b].Select(v => (float)v).ToArray(), PolylineActivations.Relevant(scenes[b]));
                        if (start + b < options.OverlayRows)
                        {
                            var name = Path.Combine(SceneFolder, $"{scenes[b].Id}_{point}.png");
                            MotionSceneRenderer.Save(Path.Combine(outDir, name), scenes[b], null, null, maps[b],
                                $"{scenes[b].Id}: {point} magnitude per polyline");
                            files.Add(name);
                        }
                    }
                }
            }
            finally
            {
                foreach (var t in captured.Values)
                    t.Dispose();
            }
            relevantFraction += scenes.Sum(s => PolylineActivations.Relevant(s).Average(r => r ? 1.0 : 0.0));
        }

        var report = new FilteringReport
        {
            Task = task.Name,
            Run = Path.GetFullPath(runDir),
            Data = task.Splits.Source,
            Images = picked.Length,
            Grid = [settings.Vectorizer.Polylines, 1],
            MaskTokenFraction = null,
            Thresholds = null,
            GroundTruth = "relevant polylines: the target's history and the lane segments within 2 m of its ground-truth " +
                          "future; AUROC ranks them above the other real polylines (padding left out), per scene, then averaged",
            Points = scores.ToDictionary(s => s.Key, s => new FilteringPointScores(s.Value.MeanIoU, null, s.Value.MeanAuroc, null)),
            ObjectTokenFraction = picked.Length == 0 ? null : relevantFraction / picked.Length,
            GradientCoherence = options.CoherenceSamples > 1 ? Coherence(task, options) : null,
        };
        files.InsertRange(0, ExplainFiles.Save(report, outDir));
        var lines = new List<string>
        {
            $"data         {report.Data}: {picked.Length} test scenes, relevant polylines {FilteringText.Pct(report.ObjectTokenFraction)} of each scene's on average",
            $"{"point",-12} {"mag AUROC",9} {"mag mIoU",9}",
        };
        lines.AddRange(report.Points.Select(p => $"{p.Key,-12} {FilteringText.Pct(p.Value.MagnitudeAuroc),9} {FilteringText.Pct(p.Value.MagnitudeMiou),9}"));
        if (report.GradientCoherence is { } c)
            lines.Add(FilteringText.CoherenceLine(c));
        return new TaskExplanation(report, lines, files);
    }

    private static GradientCoherenceResult Coherence(MotionForecastingTask task, ExplainOptions options)
    {
        var parameters = EncoderCoherence.Parameters(task.Net.Module, "lm_stage.", "norm.", "head.");
        var picked = SamplePick.Pick(task.TrainSet.Count, options.CoherenceSamples, Seeding.Derive(options.Seed, "explain/coherence"));
        task.Net.Module.eval();
        return GradientCoherence.Measure(parameters, picked.Length, i =>
        {
            using var batch = new MotionTaskBatch(new MotionBatch([task.TrainSet[picked[i]]], task.Motion.Vectorizer));
            return task.TrainLoss(batch);
        });
    }
}
