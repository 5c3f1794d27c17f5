using System.Globalization;
using System.Text.Json.Nodes;
using FrozenLm.Analysis;
using TorchSharp;

namespace FrozenLm.Tasks.Vqa;

/// <summary>
/// Evaluates a VQA run on its evaluation split: VQA accuracy, the question-only baseline's, and both per question
/// family with the family's question count (eval.json), drawn as vqa_families.png (VQA vs question-only per family).
/// </summary>
public sealed class VqaEvaluator : ITaskEvaluator
{
    public const string FamiliesFile = "vqa_families.png";

    public TaskEvaluation Evaluate(ITrainingTask trainingTask, int weightsEpoch, string outDir, TaskCommandValues values,
        CancellationToken ct = default)
    {
        var task = (VqaTask)trainingTask;
        var families = task.Data.Families;
        var vqa = new MetricTotals();
        var baseline = new double[families.Count];
        var counts = new long[families.Count];
        task.Model.eval();
        using (torch.no_grad())
        {
            foreach (var item in task.EvalBatches())
            {
                using var batch = (VqaTaskBatch)item;
                using var scope = torch.NewDisposeScope();
                ct.ThrowIfCancellationRequested();
                task.Evaluate(batch, vqa);
                var (hidden, mask) = task.EncodeQuestions(batch.Questions);
                var scores = VqaTask.Scores(task.Net.QuestionOnly!.Logits(hidden, mask), batch.Targets);
                for (var i = 0; i < batch.Size; i++)
                {
                    if (batch.Families[i] < 0)
                        continue;
                    baseline[batch.Families[i]] += scores[i];
                    counts[batch.Families[i]]++;
                }
            }
        }
        var metrics = VqaMetrics.All.Where(m => vqa.Has(m.Key)).ToDictionary(m => m.Key, m => vqa.Mean(m.Key));
        metrics["loss"] = vqa.Mean("loss");
        var present = Enumerable.Range(0, families.Count).Where(f => counts[f] > 0).ToList();
        var perFamily = new JsonObject();
        foreach (var f in present)
        {
            perFamily[families[f]] = new JsonObject
            {
                ["questions"] = counts[f],
                [VqaMetrics.Accuracy] = metrics[VqaMetrics.FamilyKey(families[f])],
                [VqaMetrics.QuestionOnly] = baseline[f] / counts[f],
            };
        }
        var report = new JsonObject
        {
            ["task"] = task.Name,
            ["data"] = task.Data.Eval.Name,
            ["samples"] = vqa.Samples,
            ["weights_epoch"] = weightsEpoch,
            ["answers"] = task.Answers.Count,
            ["metrics"] = new JsonObject(metrics.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
            ["families"] = perFamily,
        };
        Directory.CreateDirectory(outDir);
        GroupedBarChart.Save(Path.Combine(outDir, FamiliesFile),
            $"{task.Data.Eval.Name}: VQA accuracy per question family (weights of epoch {weightsEpoch})", "VQA accuracy",
            present.Select(f => families[f]).ToList(),
            [
                ("VQA model", present.Select(f => (double?)metrics[VqaMetrics.FamilyKey(families[f])]).ToList()),
                ("question only", present.Select(f => (double?)(baseline[f] / counts[f])).ToList()),
            ]);
        var lines = new List<string>
        {
            $"{task.Data.Eval.Name}: {vqa.Samples} questions, VQA accuracy {Pct(metrics[VqaMetrics.Accuracy])}%, question-only " +
            $"{Pct(metrics[VqaMetrics.QuestionOnly])}%, loss {metrics["loss"].ToString("F4", CultureInfo.InvariantCulture)} (weights of epoch {weightsEpoch})",
        };
        lines.AddRange(present.Select(f =>
            $"  {families[f],-10} {Pct(metrics[VqaMetrics.FamilyKey(families[f])]),6}%  question-only {Pct(baseline[f] / counts[f]),6}%  ({counts[f]} questions)"));
        return new TaskEvaluation(metrics, report, lines, [FamiliesFile]);
    }

    private static string Pct(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture);
}
