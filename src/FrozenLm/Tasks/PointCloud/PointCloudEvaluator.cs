using System.Globalization;
using System.Text.Json.Nodes;
using TorchSharp;

namespace FrozenLm.Tasks.PointCloud;

/// <summary>
/// Evaluates a point-cloud classification run on its test clouds: OA, mAcc (and OA with voting when the run votes),
/// loss, per-class accuracy and the confusion matrix (eval.json), drawn as confusion.png.
/// </summary>
public sealed class PointCloudEvaluator : ITaskEvaluator
{
    public const string ConfusionFile = "confusion.png";

    public TaskEvaluation Evaluate(ITrainingTask task, int weightsEpoch, string outDir, TaskCommandValues values, CancellationToken ct = default)
    {
        var clouds = (PointCloudClassificationTask)task;
        var confusion = new ConfusionCounts(clouds.ClassNames);
        var totals = new MetricTotals();
        clouds.Model.eval();
        foreach (var batch in clouds.EvalBatches())
        {
            using (batch)
            using (var scope = torch.NewDisposeScope())
            {
                ct.ThrowIfCancellationRequested();
                clouds.Evaluate(batch, totals);
                var b = ((PointCloudTaskBatch)batch).Batch;
                confusion.Add(b.Labels.data<long>().ToArray(), clouds.Probabilities(b.Points).argmax(1).data<long>().ToArray());
            }
        }
        var metrics = totals.Means();
        var perClass = confusion.PerClass();
        Directory.CreateDirectory(outDir);
        confusion.Save(Path.Combine(outDir, ConfusionFile), $"{clouds.EvalSet.Name}: OA {Pct(metrics["oa"])}%");
        var report = new JsonObject
        {
            ["data"] = clouds.EvalSet.Name,
            ["samples"] = totals.Samples,
            ["metrics"] = new JsonObject([.. metrics.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)JsonValue.Create(m.Value)))]),
            ["per_class"] = new JsonArray([.. perClass.Select(c => new JsonObject
            {
                ["name"] = c.Name, ["count"] = c.Count, ["accuracy"] = double.IsNaN(c.Accuracy) ? null : c.Accuracy,
            })]),
            ["confusion"] = new JsonArray([.. confusion.Counts.Select(row => new JsonArray([.. row.Select(v => JsonValue.Create(v))]))]),
            ["weights_epoch"] = weightsEpoch,
        };
        var lines = new List<string>
        {
            $"{clouds.EvalSet.Name}: {totals.Samples} clouds, OA {Pct(metrics["oa"])}%, mAcc {Pct(metrics["macc"])}%" +
            (metrics.TryGetValue("oa_vote", out var vote) ? $", OA (vote) {Pct(vote)}%" : "") +
            $", loss {metrics["loss"].ToString("F4", CultureInfo.InvariantCulture)} (weights of epoch {weightsEpoch})",
        };
        lines.AddRange(perClass.Select(c => $"  {c.Name,-14} {Pct(c.Accuracy),6}%  ({c.Count} clouds)"));
        return new TaskEvaluation(metrics, report, lines, [ConfusionFile]);
    }

    private static string Pct(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture);
}
