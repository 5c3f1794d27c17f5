using System.Text.Json;
using FrozenLm.IO;

namespace FrozenLm.Data.Sqa3d;

/// <summary>
/// Reads SQA3D's JSON layout: a questions file (<c>{"questions": [{"question_id", "scene_id", "situation", "question",
/// "alternative_situation"}]}</c>) and an annotations file (<c>{"annotations": [{"question_id", "scene_id", "answers":
/// [{"answer"}], "position": {"x", "y", "z"}, "rotation": {"_x", "_y", "_z", "_w"}}]}</c>, position in the frame of the
/// scene centred on its bounding box, rotation a quaternion about z). Answers are trimmed and lower-cased; the family is
/// the question's first word (what, is, how, can, which; others), SQA3D's breakdown. Every problem is one
/// <see cref="UserInputException"/> naming the file.
/// </summary>
public static class Sqa3dJsonReader
{
    public static IReadOnlyList<string> Families { get; } = ["what", "is", "how", "can", "which", "others"];

    /// <summary>One entry: the sample's text and answer, and the pose in the centred, unscaled scene frame.</summary>
    public sealed record Entry(long QuestionId, string SceneId, string Situation, string Question, string Answer, string Family,
        double X, double Y, double Yaw);

    /// <summary>The questions in the questions file's order, each joined with its annotation.</summary>
    public static IReadOnlyList<Entry> Read(string questionsPath, string annotationsPath)
    {
        var annotations = ReadAnnotations(annotationsPath);
        using var doc = JsonFiles.Parse(questionsPath);
        var result = new List<Entry>();
        foreach (var q in JsonFiles.TopLevelArray(doc.RootElement, "questions", questionsPath).EnumerateArray())
        {
            var id = Long(q, "question_id", questionsPath);
            var scene = Text(q, "scene_id", questionsPath, id);
            if (scene.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || scene.Contains("..", StringComparison.Ordinal))
                throw new UserInputException(questionsPath, $"question {id}: scene_id '{scene}' is not a plain name");
            var situation = Text(q, "situation", questionsPath, id);
            var question = Text(q, "question", questionsPath, id);
            if (!annotations.TryGetValue(id, out var a))
                throw new UserInputException(annotationsPath, $"question {id} of {Path.GetFileName(questionsPath)} has no annotation");
            result.Add(new Entry(id, scene, situation, question, a.Answer, FamilyOf(question), a.X, a.Y, a.Yaw));
        }
        if (result.Count == 0)
            throw new UserInputException(questionsPath, "has no questions");
        return result;
    }

    /// <summary>SQA3D's question type: the first word when it is what, is, how, can or which; else others.</summary>
    public static string FamilyOf(string question)
    {
        var first = question.TrimStart().Split(' ', 2)[0].ToLowerInvariant();
        return Families.Contains(first) ? first : "others";
    }

    private static Dictionary<long, (string Answer, double X, double Y, double Yaw)> ReadAnnotations(string path)
    {
        using var doc = JsonFiles.Parse(path);
        var result = new Dictionary<long, (string, double, double, double)>();
        foreach (var a in JsonFiles.TopLevelArray(doc.RootElement, "annotations", path).EnumerateArray())
        {
            var id = Long(a, "question_id", path);
            if (!a.TryGetProperty("answers", out var answers) || answers.ValueKind != JsonValueKind.Array || answers.GetArrayLength() == 0)
                throw new UserInputException(path, $"question {id} has no 'answers' array");
            var first = answers[0];
            var answer = first.ValueKind == JsonValueKind.Object && first.TryGetProperty("answer", out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()!.Trim().ToLowerInvariant()
                : throw new UserInputException(path, $"question {id}: its first answer has no 'answer' text");
            if (answer.Length == 0)
                throw new UserInputException(path, $"question {id}: the answer is empty");
            var position = Object(a, "position", path, id);
            var rotation = Object(a, "rotation", path, id);
            var yaw = AgentPose.YawOf(Number(rotation, "_x", path, id), Number(rotation, "_y", path, id),
                Number(rotation, "_z", path, id), Number(rotation, "_w", path, id));
            if (!result.TryAdd(id, (answer, Number(position, "x", path, id), Number(position, "y", path, id), yaw)))
                throw new UserInputException(path, $"question {id} is annotated twice");
        }
        return result;
    }

    private static JsonElement Object(JsonElement e, string name, string path, long id) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object
            ? v
            : throw new UserInputException(path, $"question {id} has no '{name}' object");

    private static double Number(JsonElement e, string name, string path, long id) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d)
            ? d
            : throw new UserInputException(path, $"question {id}: '{name}' is not a finite number");

    private static long Long(JsonElement e, string name, string path) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var id)
            ? id
            : throw new UserInputException(path, $"an entry has no integer '{name}'");

    private static string Text(JsonElement e, string name, string path, long id) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Trim().Length > 0
            ? v.GetString()!.Trim()
            : throw new UserInputException(path, $"question {id} has no '{name}' text");
}
