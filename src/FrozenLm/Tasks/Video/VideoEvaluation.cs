using System.Globalization;
using System.Text.Json;
using FrozenLm.IO;
using TorchSharp;

namespace FrozenLm.Tasks.Video;

/// <summary>
/// Evaluates a video task's model on its evaluation split with the run's test views: top-1 / top-5 accuracy, loss,
/// per-class accuracy and the confusion matrix (eval.json), drawn as confusion.png.
/// </summary>
public sealed class VideoEvaluation : ITaskEvaluator
{
    public const string ConfusionFile = "confusion.png";

    public TaskEvaluation Evaluate(ITrainingTask task, int weightsEpoch, string outDir, TaskCommandValues values, CancellationToken ct = default)
    {
        var video = (VideoClassificationTask)task;
        var confusion = new ConfusionCounts(video.ClassNames);
        var totals = new MetricTotals();
        video.Model.eval();
        foreach (var batch in video.EvalBatches())
        {
            using (batch)
            using (var scope = torch.NewDisposeScope())
            {
                ct.ThrowIfCancellationRequested();
                var b = ((VideoTaskBatch)batch).Batch;
                video.Evaluate(batch, totals);
                confusion.Add(b.Labels.data<long>().ToArray(), video.ViewProbabilities(b.Clips, b.Views).argmax(1).data<long>().ToArray());
            }
        }
        var clip = video.Video.Clip;
        var report = new VideoEvalReport
        {
            Data = video.EvalSet.Name,
            Clips = (int)totals.Samples,
            Views = clip.TestClips * clip.TestCrops,
            FrameOrder = clip.FrameOrder,
            Top1 = totals.Mean("top1"),
            Top5 = totals.Mean("top5"),
            Loss = totals.Mean("loss"),
            PerClass = confusion.PerClass(),
            Confusion = confusion.Counts,
            WeightsEpoch = weightsEpoch,
        };
        Directory.CreateDirectory(outDir);
        confusion.Save(Path.Combine(outDir, ConfusionFile), $"{report.Data}: top-1 {Pct(report.Top1)}%");
        var lines = new List<string>
        {
            $"{report.Data}: {report.Clips} clips x {report.Views} views ({report.FrameOrder} frame order), top-1 {Pct(report.Top1)}%, " +
            $"top-5 {Pct(report.Top5)}%, loss {report.Loss.ToString("F4", CultureInfo.InvariantCulture)} (weights of epoch {weightsEpoch})",
        };
        lines.AddRange(report.PerClass.Select(c => $"  {c.Name,-22} {Pct(c.Accuracy),6}%  ({c.Count} clips)"));
        return new TaskEvaluation(
            new Dictionary<string, double> { ["top1"] = report.Top1, ["top5"] = report.Top5, ["loss"] = report.Loss },
            JsonSerializer.SerializeToNode(report, RunJson.Options)!.AsObject(),
            lines,
            [ConfusionFile]);
    }

    private static string Pct(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture);
}
