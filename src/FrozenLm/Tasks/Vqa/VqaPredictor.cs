using System.Globalization;
using System.Text.Json.Nodes;
using FrozenLm.Data;
using TorchSharp;

namespace FrozenLm.Tasks.Vqa;

/// <summary>
/// <c>predict --run DIR IMAGE... --question "..."</c>: the top answers (softmax probabilities over the answer vocabulary) to every question
/// about every image. Images are decoded as RGB and resized to the run's image size.
/// </summary>
public sealed class VqaPredictor : ITaskPredictor
{
    public const string QuestionFlag = "--question";

    public string InputKind => "image file";

    public IReadOnlyList<TaskCommandFlag> Flags { get; } =
        [new(QuestionFlag, "A question about the image(s); repeat it to ask several", Many: true)];

    public void CheckInput(string path)
    {
        if (!File.Exists(path))
            throw new UserInputException(path, "file not found");
    }

    public void CheckOptions(PredictOptions options)
    {
        if (!options.Values.Has(QuestionFlag))
            throw new UserInputException(QuestionFlag, "missing: give a question about the image, e.g. --question \"what colour is the circle?\"");
        if (options.Values.Many(QuestionFlag).Any(q => q.Trim().Length == 0))
            throw new UserInputException(QuestionFlag, "a question is empty");
    }

    public TaskPrediction Predict(ITrainingTask trainingTask, string path, PredictOptions options)
    {
        var task = (VqaTask)trainingTask;
        var questions = options.Values.Many(QuestionFlag);
        var size = task.Config.Vit.ImageSize;
        var pixels = ImageFiles.LoadImage(path, 3, size, size);
        for (var i = 0; i < pixels.Length; i++)
            pixels[i] = (pixels[i] - VqaBatches.Mean) / VqaBatches.Std;
        using var image = torch.tensor(pixels, [1, 3, size, size]);
        using var images = image.expand(questions.Count, -1, -1, -1).contiguous();
        using var scores = task.AnswerScores(images, questions);                       // [Q, A]
        var top = Math.Min(options.Top, task.Answers.Count);
        var answered = new JsonArray();
        var text = new List<string>();
        for (var q = 0; q < questions.Count; q++)
        {
            var (values, indexes) = scores[q].topk(top);
            var best = new JsonArray();
            var parts = new List<string>();
            for (var k = 0; k < top; k++)
            {
                var answer = task.Answers.Answers[(int)indexes[k].item<long>()];
                var score = values[k].item<float>();
                best.Add(new JsonObject { ["answer"] = answer, ["score"] = score });
                parts.Add($"{answer} {(100 * score).ToString("F1", CultureInfo.InvariantCulture)}%");
            }
            values.Dispose();
            indexes.Dispose();
            answered.Add(new JsonObject { ["question"] = questions[q], ["answers"] = best });
            text.Add($"{questions[q]} -> {string.Join(", ", parts)}");
        }
        return new TaskPrediction(path, string.Join("; ", text), new JsonObject { ["input"] = path, ["questions"] = answered });
    }
}
