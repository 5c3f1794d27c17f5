using System.Globalization;
using System.Text.Json.Nodes;
using FrozenLm.Data.Video;
using TorchSharp;

namespace FrozenLm.Tasks.Video;

/// <summary>
/// Classifies clips (a rawframes folder of <c>img_00001.jpg</c>, ... or a video file read with ffmpeg) with a trained
/// video task, using the run's frame sampling and test views: the top-k labels with their probabilities (fractions).
/// </summary>
public sealed class VideoPrediction : ITaskPredictor
{
    public string InputKind => "clip (rawframes folder or video file)";

    public void CheckInput(string path)
    {
        if (!Directory.Exists(path) && !File.Exists(path))
            throw new UserInputException(path, "clip not found (neither a rawframes folder nor a video file)");
    }

    public TaskPrediction Predict(ITrainingTask task, string path, PredictOptions options)
    {
        var labels = Predict((VideoClassificationTask)task, path, options.Top);
        var text = string.Join(", ", labels.Select(l => $"{l.Label} {(100 * l.Probability).ToString("F1", CultureInfo.InvariantCulture)}%"));
        var json = new JsonObject
        {
            ["labels"] = new JsonArray([.. labels.Select(l => new JsonObject { ["label"] = l.Label, ["probability"] = l.Probability })]),
        };
        return new TaskPrediction(path, text, json);
    }

    /// <summary>The <paramref name="topK"/> most probable labels of the clip at <paramref name="path"/>.</summary>
    public static IReadOnlyList<(string Label, double Probability)> Predict(VideoClassificationTask task, string path, int topK)
    {
        CheckPath(path);
        var clip = new AnnotatedVideoDataset(path, [new ClipEntry(path, null, 0)], task.ClassNames, path,
            VideoClassificationTask.DecodeShortSide(task.Video.Clip));
        using var loader = new VideoClipLoader(clip, task.Video.Clip, batchSize: 1, train: false, task.Options.Seed, workers: 1);
        using var batch = loader.MakeBatch([0]);
        using var scope = torch.NewDisposeScope();
        task.Model.eval();
        var probs = task.ViewProbabilities(batch.Clips, batch.Views)[0];              // [K]
        var k = Math.Min(topK, task.ClassNames.Count);
        var (values, indexes) = probs.topk(k);
        var v = values.data<float>().ToArray();
        var ix = indexes.data<long>().ToArray();
        return Enumerable.Range(0, k).Select(i => (task.ClassNames[(int)ix[i]], (double)v[i])).ToList();
    }

    private static void CheckPath(string path)
    {
        if (!Directory.Exists(path) && !File.Exists(path))
            throw new UserInputException(path, "clip not found (neither a rawframes folder nor a video file)");
    }
}
