using System.Globalization;
using System.Text.Json.Nodes;
using FrozenLm.Analysis;
using FrozenLm.Data.Motion;

namespace FrozenLm.Tasks.Motion;

/// <summary>
/// Forecasts Argoverse scene CSVs (<c>predict --run DIR --scene FILE...</c>, or as positional inputs): K trajectories
/// in world coordinates with their confidences, the errors when the scene holds its future (a test-split scene without
/// one is accepted), and a PNG per scene under <c>DIR/predict/</c> (lanes from the run's <c>--maps</c>, when it had them).
/// </summary>
public sealed class MotionPredictor : ITaskPredictor
{
    public const string SceneFlag = "--scene";
    public const string FigureFolder = "predict";

    public string InputKind => "scene CSV";

    public IReadOnlyList<TaskCommandFlag> Flags { get; } =
        [new(SceneFlag, "Argoverse scene CSV(s) to forecast; a PNG per scene goes to RUN/predict/", Many: true)];

    public int MinInputs => 0;

    public void CheckInput(string path)
    {
        if (!File.Exists(path))
            throw new UserInputException(path, "scene file not found");
    }

    public void CheckOptions(PredictOptions options)
    {
        foreach (var scene in options.Values.Many(SceneFlag))
            CheckInput(scene);
    }

    public IReadOnlyList<TaskPrediction> PredictAll(ITrainingTask task, IReadOnlyList<string> inputs, PredictOptions options)
    {
        var scenes = inputs.Concat(options.Values.Many(SceneFlag)).ToList();
        if (scenes.Count == 0)
            throw new UserInputException(SceneFlag, "give at least one scene CSV");
        var maps = MapsOf((MotionForecastingTask)task);
        return scenes.Select(s => Predict((MotionForecastingTask)task, s, options, maps)).ToList();
    }

    public TaskPrediction Predict(ITrainingTask task, string path, PredictOptions options) =>
        Predict((MotionForecastingTask)task, path, options, MapsOf((MotionForecastingTask)task));

    /// <summary>The run's vector maps (read once for all scenes), or null when it ran without <c>--maps</c>.</summary>
    private static VectorMapSet? MapsOf(MotionForecastingTask task) => task.Motion.Maps is { } folder ? new VectorMapSet(folder) : null;

    private static TaskPrediction Predict(MotionForecastingTask motion, string path, PredictOptions options, VectorMapSet? maps)
    {
        var settings = motion.Motion;
        var scene = SceneVectorizer.Vectorize(MotionDataSources.ReadScene(path, maps, settings.Vectorizer.LaneRadius), settings.Vectorizer);
        using var batch = new MotionBatch([scene], settings.Vectorizer);
        var forecast = motion.Forecast(batch)[0];

        var json = new JsonObject { ["scene"] = scene.Id, ["has_future"] = scene.HasFuture };
        var modes = new JsonArray();
        foreach (var k in Enumerable.Range(0, forecast.Trajectories.Count).OrderByDescending(k => forecast.Confidences[k]))
        {
            var points = new JsonArray();
            var t = forecast.Trajectories[k];
            for (var i = 0; i < t.Length / 2; i++)
            {
                var (x, y) = scene.Frame.ToWorld(t[2 * i], t[2 * i + 1]);
                points.Add(new JsonArray(Math.Round(x, 3), Math.Round(y, 3)));
            }
            modes.Add(new JsonObject { ["confidence"] = Math.Round(forecast.Confidences[k], 4), ["trajectory"] = points });
        }
        json["modes"] = modes;
        var text = $"{forecast.Trajectories.Count} modes, most confident {Pct(forecast.Confidences.Max())}";
        var title = $"{scene.Id}: {forecast.Trajectories.Count} modes";
        if (scene.HasFuture)
        {
            var k6 = MotionMetrics.Score(forecast.Trajectories, scene.Future);
            var k1 = MotionMetrics.ScoreMostConfident(forecast.Trajectories, forecast.Confidences, scene.Future);
            json["min_ade"] = k6.MinAde;
            json["min_fde"] = k6.MinFde;
            json["miss"] = k6.Miss;
            json["min_ade_k1"] = k1.MinAde;
            json["min_fde_k1"] = k1.MinFde;
            text += $"; minADE {M(k6.MinAde)}, minFDE {M(k6.MinFde)}{(k6.Miss ? " (miss)" : "")}";
            title += $", minADE {M(k6.MinAde)}, minFDE {M(k6.MinFde)}";
        }
        if (options.RunDir is { } runDir)
        {
            var dir = Path.Combine(runDir, FigureFolder);
            Directory.CreateDirectory(dir);
            var figure = Path.Combine(dir, Path.GetFileNameWithoutExtension(path) + ".png");
            MotionSceneRenderer.Save(figure, scene, forecast.Trajectories, forecast.Confidences, null, title);
            json["figure"] = figure;
            text += $"; figure {figure}";
        }
        return new TaskPrediction(path, text, json);
    }

    private static string Pct(float v) => (v * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";

    private static string M(double v) => v.ToString("F2", CultureInfo.InvariantCulture) + " m";
}
