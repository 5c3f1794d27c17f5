using TorchSharp;

namespace FrozenLm.Tasks.Image;

/// <summary>Evaluates an image classification task's model on its evaluation split: accuracy, per-class accuracy, confusion.</summary>
public static class ImageEvaluation
{
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
}
