using System.Globalization;
using System.Text.Json;
using FrozenLm.IO;
using TorchSharp;

namespace FrozenLm.Tasks.Image;

/// <summary>
/// Evaluates an image classification task's model on its evaluation split: top-1 / top-5 accuracy, loss, per-class
/// accuracy and the confusion matrix (eval.json), drawn as confusion.png.
/// </summary>
public sealed class ImageEvaluation : ITaskEvaluator
{
    public const string ConfusionFile = "confusion.png";

    public TaskEvaluation Evaluate(ITrainingTask task, int weightsEpoch, string outDir, TaskCommandValues values, CancellationToken ct = default)
    {
        var image = (ImageClassificationTask)task;
        var (report, confusion) = Measure(image, weightsEpoch, ct);
        Directory.CreateDirectory(outDir);
        confusion.Save(Path.Combine(outDir, ConfusionFile), $"{report.Data}: top-1 {Pct(report.Top1)}%");
        var lines = new List<string>
        {
            $"{report.Data}: {report.Samples} images, top-1 {Pct(report.Top1)}%, top-5 {Pct(report.Top5)}%, " +
            $"loss {report.Loss.ToString("F4", CultureInfo.InvariantCulture)} (weights of epoch {report.WeightsEpoch})",
        };
        lines.AddRange(report.PerClass.Select(c => $"  {c.Name,-14} {Pct(c.Accuracy),6}%  ({c.Count} images)"));
        return new TaskEvaluation(
            new Dictionary<string, double> { ["top1"] = report.Top1, ["top5"] = report.Top5, ["loss"] = report.Loss },
            JsonSerializer.SerializeToNode(report, RunJson.Options)!.AsObject(),
            lines,
            [ConfusionFile]);
    }

    /// <summary>The full evaluation of <paramref name="task"/> with weights of <paramref name="weightsEpoch"/>, and its confusion counts.</summary>
    private static (ImageEvalReport Report, ConfusionCounts Confusion) Measure(ImageClassificationTask task, int weightsEpoch,
        CancellationToken ct)
    {
        var confusion = new ConfusionCounts(task.ClassNames);
        var totals = new MetricTotals();
        task.Model.eval();
        foreach (var batch in task.EvalBatches())
        {
            using (batch)
            using (var scope = torch.NewDisposeScope())
            {
                ct.ThrowIfCancellationRequested();
                task.Evaluate(batch, totals);
                var b = ((ImageTaskBatch)batch).Batch;
                confusion.Add(b.Labels.data<long>().ToArray(), task.Probabilities(b.Images).argmax(1).data<long>().ToArray());
            }
        }
        var report = new ImageEvalReport
        {
            Data = task.EvalSet.Name,
            Samples = (int)totals.Samples,
            Top1 = totals.Mean("top1"),
            Top5 = totals.Mean("top5"),
            Loss = totals.Mean("loss"),
            PerClass = confusion.PerClass(),
            Confusion = confusion.Counts,
            WeightsEpoch = weightsEpoch,
        };
        return (report, confusion);
    }

    private static string Pct(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture);
}
