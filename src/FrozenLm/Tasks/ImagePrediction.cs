using System.Globalization;
using System.Text.Json.Nodes;
using FrozenLm.Data;
using TorchSharp;

namespace FrozenLm.Tasks;

/// <summary>Classifies image files with a trained image task: the top-k labels with their probabilities (fractions).</summary>
public sealed class ImagePrediction : ITaskPredictor
{
    public string InputKind => "image file";

    public void CheckInput(string path)
    {
        if (!File.Exists(path))
            throw new UserInputException(path, "image file not found");
    }

    public TaskPrediction Predict(ITrainingTask task, string path, PredictOptions options)
    {
        var labels = Predict((ImageClassificationTask)task, path, options.Top);
        var text = string.Join(", ", labels.Select(l => $"{l.Label} {(100 * l.Probability).ToString("F1", CultureInfo.InvariantCulture)}%"));
        var json = new JsonObject
        {
            ["labels"] = new JsonArray([.. labels.Select(l => new JsonObject { ["label"] = l.Label, ["probability"] = l.Probability })]),
        };
        return new TaskPrediction(path, text, json);
    }

    /// <summary>The <paramref name="topK"/> most probable labels of the image at <paramref name="path"/>.</summary>
    public static IReadOnlyList<(string Label, double Probability)> Predict(ImageClassificationTask task, string path, int topK)
    {
        if (!File.Exists(path))
            throw new UserInputException(path, "image file not found");
        var channels = task.TrainSet.Channels;
        var size = task.Options.ImgSize;
        float[] pixels;
        try
        {
            pixels = ImageFiles.LoadImage(path, channels, size, size);
        }
        catch (Exception e) when (e is not UserInputException)
        {
            throw new UserInputException(path, "not a readable image: " + e.Message, e);
        }
        using var scope = torch.NewDisposeScope();
        var probs = task.Probabilities(task.Normalize(pixels, channels, size, size))[0];   // [K]
        var k = Math.Min(topK, task.ClassNames.Count);
        var (values, indexes) = probs.topk(k);
        var v = values.data<float>().ToArray();
        var ix = indexes.data<long>().ToArray();
        return Enumerable.Range(0, k).Select(i => (task.ClassNames[(int)ix[i]], (double)v[i])).ToList();
    }
}
