using System.Globalization;
using System.Text.Json;
using FrozenLm.Analysis;
using FrozenLm.IO;
using TorchSharp;

namespace FrozenLm.Tasks;

/// <summary>
/// Evaluates an image classification task's model on its evaluation split: top-1 / top-5 accuracy, loss, per-class
/// accuracy and the confusion matrix (eval.json), drawn as confusion.png.
/// </summary>
public sealed class ImageEvaluation : ITaskEvaluator
{
    public const string ConfusionFile = "confusion.png";

    public TaskEvaluation Evaluate(ITrainingTask task, int weightsEpoch, string outDir, CancellationToken ct = default)
    {
        var image = (ImageClassificationTask)task;
        var report = Run(image, weightsEpoch, ct);
        var k = image.ClassNames.Count;
        var confusion = new long[k, k];
        for (var t = 0; t < k; t++)
            for (var p = 0; p < k; p++)
                confusion[t, p] = report.Confusion[t][p];
        Directory.CreateDirectory(outDir);
        ConfusionPlot.Save(Path.Combine(outDir, ConfusionFile), confusion, image.ClassNames, $"{report.Data}: top-1 {Pct(report.Top1)}%");
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

    /// <summary>The full evaluation of <paramref name="task"/> with weights of <paramref name="weightsEpoch"/>.</summary>
    public static ImageEvalReport Run(ImageClassificationTask task, int weightsEpoch, CancellationToken ct = default)
    {
        var k = task.ClassNames.Count;
        var confusion = new long[k][];
        for (var i = 0; i < k; i++)
            confusion[i] = new long[k];
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
                var predicted = task.Probabilities(b.Images).argmax(1).data<long>().ToArray();
                var labels = b.Labels.data<long>().ToArray();
                for (var i = 0; i < labels.Length; i++)
                    confusion[labels[i]][predicted[i]]++;
            }
        }
        var perClass = Enumerable.Range(0, k).Select(c =>
        {
            var count = confusion[c].Sum();
            return new ClassAccuracy(task.ClassNames[c], (int)count, count == 0 ? double.NaN : (double)confusion[c][c] / count);
        }).ToList();
        return new ImageEvalReport
        {
            Data = task.EvalSet.Name,
            Samples = (int)totals.Samples,
            Top1 = totals.Mean("top1"),
            Top5 = totals.Mean("top5"),
            Loss = totals.Mean("loss"),
            PerClass = perClass,
            Confusion = confusion,
            WeightsEpoch = weightsEpoch,
        };
    }

    private static string Pct(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture);
}
