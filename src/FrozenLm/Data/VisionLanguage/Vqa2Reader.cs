using FrozenLm.IO;
using System.Text.Json;

namespace FrozenLm.Data.VisionLanguage;

/// <summary>
/// Reads the VQAv2 layout: a questions JSON (<c>{"questions": [{"question_id", "image_id", "question"}]}</c>), an
/// annotations JSON (<c>{"annotations": [{"question_id", "answer_type", "answers": [{"answer"}, ...]}]}</c>, ten human
/// answers per question) and a folder of the images (file names ending with the image id, as COCO's). A folder given
/// as <c>--data</c> holds, per split, <c>*train*questions*.json</c>, <c>*train*annotations*.json</c> and an image
/// folder whose name contains <c>train</c>; the same for <c>val</c> (the evaluation split). Every problem is one
/// <see cref="UserInputException"/> naming the file.
/// </summary>
public static class Vqa2Reader
{
    public const string Format = "vqav2";

    /// <summary>The answer types of VQAv2, the families its per-family metrics follow.</summary>
    public static readonly IReadOnlyList<string> AnswerTypes = ["yes/no", "number", "other"];

    /// <summary>Whether <paramref name="dir"/> looks like the VQAv2 layout (a training questions file).</summary>
    public static bool Detect(string dir) => Directory.Exists(dir) && Find(dir, "train", "question", required: false) is not null;

    /// <summary>Training (<c>train</c>) and evaluation (<c>val</c>) splits of the folder <paramref name="dir"/>.</summary>
    public static VqaData Open(string dir)
    {
        if (!Directory.Exists(dir))
            throw new UserInputException(dir, "VQAv2 folder not found");
        return new VqaData(OpenSplit(dir, "train"), OpenSplit(dir, "val"), dir, Format, AnswerTypes);
    }

    private static VqaSplit OpenSplit(string dir, string split)
    {
        var questions = Find(dir, split, "question", required: true)!;
        var annotations = Find(dir, split, "annotation", required: true)!;
        var images = Directory.EnumerateDirectories(dir).Where(d => Path.GetFileName(d).Contains(split, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToList();
        if (images.Count != 1)
            throw new UserInputException(dir, $"expected one image folder whose name contains '{split}', found {images.Count}");
        return Read(questions, annotations, images[0], $"vqav2/{split}");
    }

    private static string? Find(string dir, string split, string kind, bool required)
    {
        var files = Directory.EnumerateFiles(dir, "*.json")
            .Where(f => Path.GetFileName(f).Contains(split, StringComparison.OrdinalIgnoreCase)
                && Path.GetFileName(f).Contains(kind, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToList();
        if (files.Count == 1)
            return files[0];
        if (!required && files.Count == 0)
            return null;
        throw new UserInputException(dir, $"expected one *{split}*{kind}s*.json file, found {files.Count}");
    }

    /// <summary>One split from its three parts; questions keep the questions file's order.</summary>
    public static VqaSplit Read(string questionsPath, string annotationsPath, string imageFolder, string name)
    {
        var annotations = ReadAnnotations(annotationsPath);
        var index = new ImageFileIndex(imageFolder);
        var imagePaths = new List<string>();
        var imageSlots = new Dictionary<long, int>();
        var samples = new List<VqaSample>();
        using var questions = JsonFiles.Parse(questionsPath);
        foreach (var q in JsonFiles.TopLevelArray(questions.RootElement, "questions", questionsPath).EnumerateArray())
        {
            var id = Long(q, "question_id", questionsPath);
            var imageId = Long(q, "image_id", questionsPath);
            var text = Text(q, "question", questionsPath, id);
            if (!annotations.TryGetValue(id, out var annotation))
                throw new UserInputException(annotationsPath, $"question {id} of {Path.GetFileName(questionsPath)} has no annotation");
            if (!imageSlots.TryGetValue(imageId, out var slot))
            {
                slot = imagePaths.Count;
                imagePaths.Add(index.PathOf(imageId));
                imageSlots[imageId] = slot;
            }
            samples.Add(new VqaSample(slot, text, annotation.Type, annotation.Scores));
        }
        if (samples.Count == 0)
            throw new UserInputException(questionsPath, "has no questions");
        return new VqaSplit(name, samples, new ImageFileImages(imagePaths));
    }

    private static Dictionary<long, (string Type, IReadOnlyDictionary<string, double> Scores)> ReadAnnotations(string path)
    {
        using var doc = JsonFiles.Parse(path);
        var result = new Dictionary<long, (string, IReadOnlyDictionary<string, double>)>();
        foreach (var a in JsonFiles.TopLevelArray(doc.RootElement, "annotations", path).EnumerateArray())
        {
            var id = Long(a, "question_id", path);
            var type = a.TryGetProperty("answer_type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "other";
            if (!AnswerTypes.Contains(type))
                type = "other";
            if (!a.TryGetProperty("answers", out var answers) || answers.ValueKind != JsonValueKind.Array || answers.GetArrayLength() == 0)
                throw new UserInputException(path, $"question {id} has no 'answers' array of human answers");
            var given = answers.EnumerateArray().Select(x =>
                x.ValueKind == JsonValueKind.Object && x.TryGetProperty("answer", out var v) && v.ValueKind == JsonValueKind.String
                    ? v.GetString()!
                    : throw new UserInputException(path, $"question {id}: an answer has no 'answer' text")).ToList();
            var scores = VqaScores.FromHumanAnswers(given);
            if (scores.Count == 0)
                throw new UserInputException(path, $"question {id}: every answer is empty");
            if (!result.TryAdd(id, (type, scores)))
                throw new UserInputException(path, $"question {id} is annotated twice");
        }
        return result;
    }

    private static long Long(JsonElement e, string name, string path) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var id)
            ? id
            : throw new UserInputException(path, $"an entry has no integer '{name}'");

    private static string Text(JsonElement e, string name, string path, long id) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Trim().Length > 0
            ? v.GetString()!
            : throw new UserInputException(path, $"question {id} has no '{name}' text");
}
