using FrozenLm.Analysis;
using FrozenLm.Data.Motion;
using FrozenLm.FrozenStage;
using FrozenLm.Models;
using FrozenLm.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.Motion;

/// <summary>
/// Explains a motion run: the magnitude activation of every token at each capture point (the stage input, the mappers,
/// the LM block's sub-layers), scored by AUROC of the relevant tokens above the others, and the gradient coherence of
/// the encoder. VectorNet's tokens are polylines: each is drawn on the scene in its colour (one PNG per scene and point
/// under <c>scenes/</c>), relevant = the target and the lane segments its future drives on. mmTransformer's trunk and LM
/// stage hold its trajectory proposals, not polylines (its polyline tokens only feed the stacked transformers' keys):
/// there each proposal token is scored, relevant = the proposals of the region nearest the ground-truth endpoint
/// (<see cref="ProposalActivations"/>), and the scene is drawn with the six most active proposals' trajectories.
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

    /// <summary>Proposals drawn per scene for an mmTransformer run (the most active ones).</summary>
    public const int DrawnProposals = 6;

    public string CompareNote(string data, int samplesPerRun, double? chanceMiou) =>
        $"On {data}, up to {samplesPerRun} test scenes per run. VectorNet: one token per polyline; relevant tokens are the target's " +
        "history and the lane segments within 2 m of its ground-truth future; AUROC ranks them above the other polylines. " +
        "mmTransformer: its trunk and LM stage hold trajectory proposals, not polylines, so no polyline is scored; one token " +
        "per proposal, relevant = the proposals of the region nearest the ground-truth endpoint (the group region-based " +
        "training regresses), ranked by AUROC above the other proposals.";

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
        var proposals = net.TokensArePolylines ? null : (MmTransformer)net;
        var centres = proposals?.Regions.cpu().data<float>().ToArray();
        bool[] Relevant(VectorizedScene scene) => proposals is null
            ? PolylineActivations.Relevant(scene)
            : ProposalActivations.Relevant(scene, centres!, proposals.Mm.ProposalsPerRegion);
        var tokenName = proposals is null ? "polyline" : "proposal";
        net.Module.eval();
        for (var start = 0; start < picked.Length; start += options.BatchSize)
        {
            var scenes = picked[start..Math.Min(picked.Length, start + options.BatchSize)].Select(i => task.EvalSet[i]).ToList();
            using var batch = new MotionBatch(scenes, settings.Vectorizer);
            var candidates = Array.Empty<float>();
            var captured = CapturedMaps.Capture(c => net.Capture = c, () =>
            {
                var (trajectories, _) = net.Forward(batch.Vectors.to(device), batch.VectorMask.to(device), batch.PolylineMask.to(device));
                candidates = trajectories.cpu().data<float>().ToArray();
            });
            try
            {
                foreach (var point in CapturePoints.Features.Where(captured.ContainsKey))
                {
                    var maps = proposals is null ? PolylineActivations.Magnitude(captured[point], scenes) : ProposalActivations.Magnitude(captured[point]);
                    if (!scores.TryGetValue(point, out var acc))
                        scores[point] = acc = new MapScoreAccumulator();
                    for (var b = 0; b < scenes.Count; b++)
                    {
                        acc.Add(maps[b].Select(v => (float)v).ToArray(), Relevant(scenes[b]));
                        if (start + b >= options.OverlayRows)
                            continue;
                        var name = Path.Combine(SceneFolder, $"{scenes[b].Id}_{point}.png");
                        if (proposals is null)
                        {
                            MotionSceneRenderer.Save(Path.Combine(outDir, name), scenes[b], null, null, maps[b],
                                $"{scenes[b].Id}: {point} magnitude per polyline");
                        }
                        else
                        {
                            var (drawn, values) = MostActive(candidates, candidates.Length / (scenes.Count * maps[b].Length), b, maps[b]);
                            MotionSceneRenderer.Save(Path.Combine(outDir, name), scenes[b], drawn, values, null,
                                $"{scenes[b].Id}: {point} magnitude per proposal, the {drawn.Count} most active");
                        }
                        files.Add(name);
                    }
                }
            }
            finally
            {
                foreach (var t in captured.Values)
                    t.Dispose();
            }
            relevantFraction += scenes.Sum(s => Relevant(s).Average(r => r ? 1.0 : 0.0));
        }

        var report = new FilteringReport
        {
            Task = task.Name,
            Run = Path.GetFullPath(runDir),
            Data = task.Splits.Source,
            Images = picked.Length,
            Grid = [proposals?.Mm.Proposals ?? settings.Vectorizer.Polylines, 1],
            MaskTokenFraction = null,
            Thresholds = null,
            GroundTruth = proposals is null
                ? "relevant polylines: the target's history and the lane segments within 2 m of its ground-truth " +
                  "future; AUROC ranks them above the other real polylines (padding left out), per scene, then averaged"
                : "relevant proposals: the mmTransformer trunk and LM stage hold trajectory proposals, not polylines, so each " +
                  "proposal token is scored; relevant = the proposals of the region nearest the ground-truth endpoint; AUROC " +
                  "ranks them above the other proposals, per scene, then averaged",
            Points = scores.ToDictionary(s => s.Key, s => new FilteringPointScores(s.Value.MeanIoU, null, s.Value.MeanAuroc, null)),
            ObjectTokenFraction = picked.Length == 0 ? null : relevantFraction / picked.Length,
            GradientCoherence = options.CoherenceSamples > 1 ? Coherence(task, options) : null,
        };
        files.InsertRange(0, ExplainFiles.Save(report, outDir));
        var lines = new List<string>
        {
            $"data         {report.Data}: {picked.Length} test scenes, relevant {tokenName}s {FilteringText.Pct(report.ObjectTokenFraction)} of each scene's on average",
            $"{"point",-12} {"mag AUROC",9} {"mag mIoU",9}",
        };
        lines.AddRange(report.Points.Select(p => $"{p.Key,-12} {FilteringText.Pct(p.Value.MagnitudeAuroc),9} {FilteringText.Pct(p.Value.MagnitudeMiou),9}"));
        if (report.GradientCoherence is { } c)
            lines.Add(FilteringText.CoherenceLine(c));
        return new TaskExplanation(report, lines, files);
    }

    /// <summary>
    /// The <see cref="DrawnProposals"/> most active proposals of batch row <paramref name="row"/>: their trajectories in
    /// metres (from the candidates [B, M, T, 2], feature units, <paramref name="length"/> = T * 2 values each) and their activations, most active first.
    /// </summary>
    private static (List<float[]> Trajectories, List<float> Values) MostActive(float[] candidates, int length, int row, double[] activation)
    {
        var m = activation.Length;
        var scale = (float)SceneVectorizer.CoordinateScale;
        var order = Enumerable.Range(0, m).OrderByDescending(i => activation[i]).Take(DrawnProposals).ToList();
        return (order.Select(i => candidates.AsSpan((row * m + i) * length, length).ToArray().Select(v => v * scale).ToArray()).ToList(),
            order.Select(i => (float)activation[i]).ToList());
    }

    private static GradientCoherenceResult Coherence(MotionForecastingTask task, ExplainOptions options)
    {
        var parameters = EncoderCoherence.Parameters(task.Net.Module, "lm_stage.", "norm.", "head.", "prediction_head.");
        var picked = SamplePick.Pick(task.TrainSet.Count, options.CoherenceSamples, Seeding.Derive(options.Seed, "explain/coherence"));
        task.Net.Module.eval();
        return GradientCoherence.Measure(parameters, picked.Length, i =>
        {
            using var batch = new MotionTaskBatch(new MotionBatch([task.TrainSet[picked[i]]], task.Motion.Vectorizer));
            return task.TrainLoss(batch);
        });
    }
}
