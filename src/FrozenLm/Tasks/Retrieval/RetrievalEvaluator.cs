using System.Globalization;
using System.Text.Json.Nodes;
using TorchSharp;

namespace FrozenLm.Tasks.Retrieval;

/// <summary>
/// Evaluates a retrieval run on its gallery: R@1/5/10 both ways and RSUM as ranked (contrastive similarity, the top
/// candidates re-ranked by the matching head) and by contrastive similarity alone, with the gallery size (eval.json).
/// </summary>
public sealed class RetrievalEvaluator : ITaskEvaluator
{
    public TaskEvaluation Evaluate(ITrainingTask trainingTask, int weightsEpoch, string outDir, TaskCommandValues values,
        CancellationToken ct = default)
    {
        var task = (RetrievalTask)trainingTask;
        var totals = new MetricTotals();
        task.Model.eval();
        using (torch.no_grad())
        {
            foreach (var item in task.EvalBatches())
            {
                using var batch = item;
                ct.ThrowIfCancellationRequested();
                task.Evaluate(batch, totals);
            }
        }
        var metrics = RetrievalMetrics.All.Where(m => totals.Has(m.Key)).ToDictionary(m => m.Key, m => totals.Mean(m.Key));
        metrics["loss"] = totals.Mean("loss");
        var contrastive = task.LastContrastiveMetrics ?? throw new InvalidOperationException("the gallery was not ranked");
        var gallery = (int)metrics[RetrievalMetrics.GallerySize];
        var report = new JsonObject
        {
            ["task"] = task.Name,
            ["data"] = task.Data.Eval.Name,
            ["images"] = gallery,
            ["captions"] = task.Data.Eval.CaptionCount,
            ["chance_r1"] = 1.0 / gallery,
            ["weights_epoch"] = weightsEpoch,
            ["ranking"] = task.Retrieval.RerankK > 0
                ? $"contrastive similarity, top {task.Retrieval.RerankK} re-ranked by the matching head"
                : "contrastive similarity",
            ["metrics"] = new JsonObject(metrics.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
            ["contrastive_only"] = new JsonObject(contrastive.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
        };
        var lines = new List<string>
        {
            $"{task.Data.Eval.Name}: {gallery} images, {task.Data.Eval.CaptionCount} captions (chance R@1 {Pct(1.0 / gallery)}%), weights of epoch {weightsEpoch}",
            Line("ranked    ", metrics),
            Line("ITC only  ", contrastive),
        };
        return new TaskEvaluation(metrics, report, lines, []);
    }

    private static string Line(string label, IReadOnlyDictionary<string, double> m) =>
        $"  {label} i2t R@1/5/10 {string.Join(" / ", RetrievalMetrics.Ks.Select(k => Pct(m[RetrievalMetrics.ImageToText(k)])))}%  " +
        $"t2i R@1/5/10 {string.Join(" / ", RetrievalMetrics.Ks.Select(k => Pct(m[RetrievalMetrics.TextToImage(k)])))}%  " +
        $"RSUM {Pct(m[RetrievalMetrics.Rsum])}";

    private static string Pct(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture);
}
