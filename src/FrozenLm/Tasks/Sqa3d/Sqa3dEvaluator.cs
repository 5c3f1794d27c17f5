using System.Globalization;
using System.Text.Json.Nodes;
using FrozenLm.Analysis;
using TorchSharp;

namespace FrozenLm.Tasks.Sqa3d;

/// <summary>
/// Evaluates a 3D QA run on its evaluation split: EM@1, EM@10, the question-only baseline's EM@1, the situation head's
/// errors, and EM@1 of both models per question family with the family's question count (eval.json), drawn as
/// sqa3d_families.png (model vs question-only per family).
/// </summary>
public sealed class Sqa3dEvaluator : ITaskEvaluator
{
    public const string FamiliesFile = "sqa3d_families.png";

    public TaskEvaluation Evaluate(ITrainingTask trainingTask, int weightsEpoch, string outDir, TaskCommandValues values,
        CancellationToken ct = default)
    {
        var task = (Sqa3dTask)trainingTask;
        var families = task.Data.Families;
        var totals = new MetricTotals();
        var baseline = new double[families.Count];
        var counts = new long[families.Count];
        task.Model.eval();
        using (torch.no_grad())
        {
            foreach (var item in task.EvalBatches())
            {
                using var batch = (Sqa3dTaskBatch)item;
                using var scope = torch.NewDisposeScope();
                ct.ThrowIfCancellationRequested();
                task.Evaluate(batch, totals);
                var (hidden, mask) = task.EncodeTexts(batch.Situations, batch.Questions);
                var hits = Sqa3dTask.Hits(task.Net.QuestionOnly!.Logits(hidden, mask), batch.Answers, 1);
                for (var i = 0; i < batch.Size; i++)
                {
                    if (batch.Families[i] < 0)
                        continue;
                    baseline[batch.Families[i]] += hits[i] ? 1 : 0;
                    counts[batch.Families[i]]++;
                }
            }
        }
        var metrics = Sqa3dMetrics.All.Where(m => totals.Has(m.Key)).ToDictionary(m => m.Key, m => totals.Mean(m.Key));
        metrics["loss"] = totals.Mean("loss");
        var present = Enumerable.Range(0, families.Count).Where(f => counts[f] > 0).ToList();
        var perFamily = new JsonObject();
        foreach (var f in present)
        {
            perFamily[families[f]] = new JsonObject
            {
                ["questions"] = counts[f],
                [Sqa3dMetrics.Em1] = metrics[Sqa3dMetrics.FamilyKey(families[f])],
                [Sqa3dMetrics.QuestionOnly] = baseline[f] / counts[f],
            };
        }
        var report = new JsonObject
        {
            ["task"] = task.Name,
            ["data"] = task.Data.Eval.Name,
            ["samples"] = totals.Samples,
            ["weights_epoch"] = weightsEpoch,
            ["answers"] = task.Answers.Count,
            ["scene_shuffled"] = task.Qa.ShuffleScenes,
            ["metrics"] = new JsonObject(metrics.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
            ["families"] = perFamily,
        };
        Directory.CreateDirectory(outDir);
        var files = new List<string>();
        if (present.Count > 0)
        {
            GroupedBarChart.Save(Path.Combine(outDir, FamiliesFile),
                $"{task.Data.Eval.Name}: EM@1 per question family (weights of epoch {weightsEpoch})", "EM@1",
                present.Select(f => families[f]).ToList(),
                [
                    ("3D QA model", present.Select(f => (double?)metrics[Sqa3dMetrics.FamilyKey(families[f])]).ToList()),
                    ("question only", present.Select(f => (double?)(baseline[f] / counts[f])).ToList()),
                ]);
            files.Add(FamiliesFile);
        }
        var lines = new List<string>
        {
            $"{task.Data.Eval.Name}: {totals.Samples} questions, EM@1 {Pct(metrics[Sqa3dMetrics.Em1])}%, EM@10 {Pct(metrics[Sqa3dMetrics.Em10])}%, " +
            $"question-only EM@1 {Pct(metrics[Sqa3dMetrics.QuestionOnly])}%, situation error {metrics[Sqa3dMetrics.PositionError].ToString("F3", CultureInfo.InvariantCulture)} " +
            $"/ {metrics[Sqa3dMetrics.FacingError].ToString("F1", CultureInfo.InvariantCulture)} deg (weights of epoch {weightsEpoch})",
        };
        lines.AddRange(present.Select(f =>
            $"  {families[f],-8} {Pct(metrics[Sqa3dMetrics.FamilyKey(families[f])]),6}%  question-only {Pct(baseline[f] / counts[f]),6}%  ({counts[f]} questions)"));
        return new TaskEvaluation(metrics, report, lines, files);
    }

    private static string Pct(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture);
}
