using System.Globalization;
using System.Text.Json.Nodes;
using FrozenLm.Data;
using FrozenLm.Tasks.Vqa;
using TorchSharp;

namespace FrozenLm.Tasks.Retrieval;

/// <summary>
/// <c>predict --run DIR --query "..." IMAGE...</c>: for each query, the given images ranked best first (contrastive
/// similarity, the top candidates re-ranked by the matching head), the first <c>--top</c> shown with their cosine
/// similarity and matching probability. Images are decoded as RGB and resized to the run's image size.
/// </summary>
public sealed class RetrievalPredictor : ITaskPredictor
{
    public const string QueryFlag = "--query";

    public string InputKind => "image file";

    public IReadOnlyList<TaskCommandFlag> Flags { get; } =
        [new(QueryFlag, "A caption to rank the images by; repeat it for several queries", Many: true)];

    public void CheckInput(string path)
    {
        if (!File.Exists(path))
            throw new UserInputException(path, "file not found");
    }

    public void CheckOptions(PredictOptions options)
    {
        if (!options.Values.Has(QueryFlag))
            throw new UserInputException(QueryFlag, "missing: give a caption to rank the images by, e.g. --query \"a red circle left of a blue square\"");
        if (options.Values.Many(QueryFlag).Any(q => q.Trim().Length == 0))
            throw new UserInputException(QueryFlag, "a query is empty");
    }

    public TaskPrediction Predict(ITrainingTask task, string path, PredictOptions options) => PredictAll(task, [path], options)[0];

    public IReadOnlyList<TaskPrediction> PredictAll(ITrainingTask trainingTask, IReadOnlyList<string> inputs, PredictOptions options)
    {
        var task = (RetrievalTask)trainingTask;
        var size = task.Config.Vit.ImageSize;
        var plane = 3 * size * size;
        var pixels = new float[inputs.Count * plane];
        for (var i = 0; i < inputs.Count; i++)
        {
            var image = ImageFiles.LoadImage(inputs[i], 3, size, size);
            for (var p = 0; p < plane; p++)
                pixels[i * plane + p] = (image[p] - VqaBatches.Mean) / VqaBatches.Std;
        }
        using var images = torch.tensor(pixels, [inputs.Count, 3, size, size]);
        var predictions = new List<TaskPrediction>();
        foreach (var query in options.Values.Many(QueryFlag))
        {
            var (order, similarity, match) = task.RankImages(images, query);
            var ranked = new JsonArray();
            var parts = new List<string>();
            for (var r = 0; r < order.Length; r++)
            {
                var i = order[r];
                var entry = new JsonObject { ["rank"] = r + 1, ["image"] = inputs[i], ["similarity"] = similarity[i] };
                if (match[i] is { } m)
                    entry["match"] = m;
                ranked.Add(entry);
                if (r < options.Top)
                    parts.Add($"{r + 1}. {inputs[i]} (sim {similarity[i].ToString("F3", CultureInfo.InvariantCulture)}" +
                        (match[i] is { } p ? $", match {(100 * p).ToString("F1", CultureInfo.InvariantCulture)}%)" : ")"));
            }
            predictions.Add(new TaskPrediction(query, string.Join("; ", parts), new JsonObject { ["query"] = query, ["ranking"] = ranked }));
        }
        return predictions;
    }
}
