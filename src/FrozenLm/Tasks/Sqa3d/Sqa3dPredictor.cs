using System.Globalization;
using System.Text.Json.Nodes;
using FrozenLm.Data.Sqa3d;
using TorchSharp;

namespace FrozenLm.Tasks.Sqa3d;

/// <summary>
/// <c>predict --run DIR --scene F --situation "..." --question "..."</c>: for a scene point cloud (.ply or .npy, or
/// positional inputs), the top answers (softmax probabilities over the answer vocabulary) to every question in the
/// situation, and the situation head's estimate of the agent's pose (in the scene's normalised frame). The scene is
/// resampled to the run's point count with a fixed stream, so a prediction is reproducible.
/// </summary>
public sealed class Sqa3dPredictor : ITaskPredictor
{
    public const string SceneFlag = "--scene";
    public const string SituationFlag = "--situation";
    public const string QuestionFlag = "--question";

    public string InputKind => "scene point cloud (.ply or .npy)";

    public IReadOnlyList<TaskCommandFlag> Flags { get; } =
    [
        new(SceneFlag, "3dqa: a scene point cloud (.ply or .npy) to ask about", Many: true),
        new(SituationFlag, "3dqa: the agent's situation in the scene, e.g. \"I am standing next to the red cube, facing the blue cone.\""),
        new(QuestionFlag, "A question about the scene; repeat it to ask several", Many: true),
    ];

    public int MinInputs => 0;

    public void CheckInput(string path)
    {
        if (!File.Exists(path))
            throw new UserInputException(path, "scene file not found");
        if (!ScenePointFiles.Extensions.Contains(Path.GetExtension(path).ToLowerInvariant()))
            throw new UserInputException(path, $"not a scene point cloud (expected {string.Join(" or ", ScenePointFiles.Extensions)})");
    }

    public void CheckOptions(PredictOptions options)
    {
        foreach (var scene in options.Values.Many(SceneFlag))
            CheckInput(scene);
        if (options.Values.Single(SituationFlag) is not { } situation || situation.Trim().Length == 0)
            throw new UserInputException(SituationFlag, "missing: describe the agent's situation, e.g. --situation \"I am next to the red cube, facing the blue cone.\"");
        if (!options.Values.Has(QuestionFlag))
            throw new UserInputException(QuestionFlag, "missing: give a question, e.g. --question \"What is on my left?\"");
        if (options.Values.Many(QuestionFlag).Any(q => q.Trim().Length == 0))
            throw new UserInputException(QuestionFlag, "a question is empty");
    }

    public IReadOnlyList<TaskPrediction> PredictAll(ITrainingTask task, IReadOnlyList<string> inputs, PredictOptions options)
    {
        var scenes = inputs.Concat(options.Values.Many(SceneFlag)).ToList();
        if (scenes.Count == 0)
            throw new UserInputException(SceneFlag, "give a scene point cloud with --scene FILE (or as an input)");
        return scenes.Select(s => Predict(task, s, options)).ToList();
    }

    public TaskPrediction Predict(ITrainingTask trainingTask, string path, PredictOptions options)
    {
        var task = (Sqa3dTask)trainingTask;
        var situation = options.Values.Single(SituationFlag)!.Trim();
        var questions = options.Values.Many(QuestionFlag).Select(q => q.Trim()).ToList();
        var (scene, _) = ScenePointFiles.Read(path, Path.GetFileNameWithoutExtension(path));
        var points = task.Qa.Points;
        var values = new float[points * ScenePoints.Channels];
        var ids = new long[points];
        Sqa3dBatches.Resample(scene, points, new Random(0), values, ids);
        using var one = torch.tensor(values, [1, points, ScenePoints.Channels]);
        using var batch = one.expand(questions.Count, -1, -1).contiguous();
        using var segments = task.SegmentsFor(scene, path, ids);
        using var segmentBatch = segments?.expand(questions.Count, -1).contiguous();
        var (scores, pose) = task.Answer(batch, segmentBatch, Enumerable.Repeat(situation, questions.Count).ToList(), questions);
        using var _ = scores;
        using var __ = pose;
        var top = Math.Min(options.Top, task.Answers.Count);
        var answered = new JsonArray();
        var text = new List<string>();
        for (var q = 0; q < questions.Count; q++)
        {
            var (probs, indexes) = scores[q].topk(top);
            var best = new JsonArray();
            var parts = new List<string>();
            for (var k = 0; k < top; k++)
            {
                var answer = task.Answers.Answers[(int)indexes[k].item<long>()];
                var score = probs[k].item<float>();
                best.Add(new JsonObject { ["answer"] = answer, ["score"] = score });
                parts.Add($"{answer} {(100 * score).ToString("F1", CultureInfo.InvariantCulture)}%");
            }
            probs.Dispose();
            indexes.Dispose();
            answered.Add(new JsonObject { ["question"] = questions[q], ["answers"] = best });
            text.Add($"{questions[q]} -> {string.Join(", ", parts)}");
        }
        var p = pose[0].data<float>().ToArray();
        var yaw = Math.Atan2(p[3], p[2]) * 180 / Math.PI;
        var json = new JsonObject
        {
            ["input"] = path,
            ["situation"] = situation,
            ["questions"] = answered,
            ["agent"] = new JsonObject { ["x"] = p[0], ["y"] = p[1], ["yaw_deg"] = yaw },
        };
        var agent = $"agent at ({F(p[0])}, {F(p[1])}) facing {yaw.ToString("F0", CultureInfo.InvariantCulture)} deg";
        return new TaskPrediction(path, $"{string.Join("; ", text)} [{agent}]", json);
    }

    private static string F(float v) => v.ToString("F2", CultureInfo.InvariantCulture);
}
