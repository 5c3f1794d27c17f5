using System.Globalization;
using System.Text.Json.Nodes;
using FrozenLm.Analysis;
using FrozenLm.Data.Motion;

namespace FrozenLm.Tasks.Motion;

/// <summary>
/// Evaluates a motion run on its evaluation scenes: every metric of the task (K = 6, K = 1, the constant-velocity
/// baseline), the same per scene kind when the scene ids name one (the synthetic-roads layouts), and the three scenes
/// with the largest minFDE drawn under <c>eval_scenes/</c>.
/// </summary>
public sealed class MotionEvaluator : ITaskEvaluator
{
    public const string SceneFolder = "eval_scenes";
    private const int WorstScenes = 3;

    public TaskEvaluation Evaluate(ITrainingTask task, int weightsEpoch, string outDir, TaskCommandValues values,
        CancellationToken ct = default)
    {
        var motion = (MotionForecastingTask)task;
        motion.Net.Module.eval();
        var totals = new MetricTotals();
        var byKind = new Dictionary<string, MetricTotals>();
        var perScene = new List<(VectorizedScene Scene, MotionForecast Forecast, double Fde)>();
        foreach (var batch in motion.EvalBatches())
        {
            ct.ThrowIfCancellationRequested();
            using (batch)
            {
                var b = ((MotionTaskBatch)batch).Batch;
                var forecasts = motion.Forecast(b);
                for (var i = 0; i < b.Size; i++)
                {
                    var scene = b.Scenes[i];
                    var kind = KindOf(scene.Id);
                    if (!byKind.TryGetValue(kind, out var kindTotals))
                        byKind[kind] = kindTotals = new MetricTotals();
                    var k6 = MotionMetrics.Score(forecasts[i].Trajectories, scene.Future);
                    var cv = MotionMetrics.Score([MotionMetrics.ConstantVelocity(scene.History, MotionTiming.FutureSteps)], scene.Future);
                    kindTotals.Add("min_ade", k6.MinAde);
                    kindTotals.Add("min_fde", k6.MinFde);
                    kindTotals.Add("miss_rate", k6.Miss ? 1 : 0);
                    kindTotals.Add("cv_min_ade", cv.MinAde);
                    kindTotals.Add("cv_min_fde", cv.MinFde);
                    kindTotals.AddSamples(1);
                    perScene.Add((scene, forecasts[i], k6.MinFde));
                }
                motion.Evaluate(batch, totals);
            }
        }
        var metrics = totals.Means().Where(m => m.Key != "loss").ToDictionary(m => m.Key, m => m.Value);
        var report = new JsonObject
        {
            ["data"] = motion.Splits.Source,
            ["scenes"] = perScene.Count,
            ["weights_epoch"] = weightsEpoch,
            ["metrics"] = new JsonObject([.. metrics.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))]),
            ["by_kind"] = new JsonObject([.. byKind.OrderBy(k => k.Key).Select(k => KeyValuePair.Create(k.Key, (JsonNode?)new JsonObject(
                [.. k.Value.Means().Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value)).Append(KeyValuePair.Create("scenes", (JsonNode?)k.Value.Samples))])))]),
        };
        Directory.CreateDirectory(Path.Combine(outDir, SceneFolder));
        var files = new List<string>();
        foreach (var (scene, forecast, fde) in perScene.OrderByDescending(s => s.Fde).Take(WorstScenes))
        {
            var name = Path.Combine(SceneFolder, scene.Id + ".png");
            MotionSceneRenderer.Save(Path.Combine(outDir, name), scene, forecast.Trajectories, forecast.Confidences, null,
                $"{scene.Id}: minFDE {M(fde)}");
            files.Add(name);
        }
        report["worst_scenes"] = new JsonArray([.. files.Select(f => (JsonNode?)f)]);
        var lines = new List<string>
        {
            $"{motion.Splits.Source}: {perScene.Count} scenes (weights of epoch {weightsEpoch}): minADE {M(metrics["min_ade"])}, minFDE {M(metrics["min_fde"])}, " +
            $"MR {P(metrics["miss_rate"])}; K=1 minADE {M(metrics["min_ade_k1"])}, minFDE {M(metrics["min_fde_k1"])}; " +
            $"constant velocity ADE {M(metrics["cv_min_ade"])}, FDE {M(metrics["cv_min_fde"])}",
        };
        lines.AddRange(byKind.OrderBy(k => k.Key).Select(k =>
            $"  {k.Key,-12} {k.Value.Samples,5} scenes: minADE {M(k.Value.Mean("min_ade"))}, minFDE {M(k.Value.Mean("min_fde"))}, MR {P(k.Value.Mean("miss_rate"))}, CV FDE {M(k.Value.Mean("cv_min_fde"))}"));
        return new TaskEvaluation(metrics, report, lines, files);
    }

    /// <summary>The scene kind a synthetic-roads id ends with (<c>test-000012-crossroads</c>), else "all".</summary>
    private static string KindOf(string id)
    {
        var dash = id.LastIndexOf('-');
        return dash > 0 && Enum.TryParse<RoadLayoutKind>(id[(dash + 1)..], ignoreCase: true, out _) ? id[(dash + 1)..] : "all";
    }

    private static string M(double v) => v.ToString("F2", CultureInfo.InvariantCulture) + " m";

    private static string P(double v) => (v * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";
}
