using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FrozenLm.IO;

namespace FrozenLm.Training;

/// <summary>metrics.jsonl: one JSON object per finished epoch, rewritten atomically after each epoch.</summary>
public sealed class MetricsLog
{
    private readonly string _path;
    private readonly List<EpochMetrics> _epochs = [];

    private MetricsLog(string path) => _path = path;

    public IReadOnlyList<EpochMetrics> Epochs => _epochs;

    public static MetricsLog Create(string dir) => new(Path.Combine(dir, RunFiles.Metrics));

    /// <summary>Reads the first <paramref name="keepEpochs"/> epochs of an existing log (lines after them are dropped).</summary>
    public static MetricsLog Open(string dir, int keepEpochs, string sampleUnit)
    {
        var log = Create(dir);
        foreach (var m in Read(log._path, sampleUnit).Where(m => m.Epoch <= keepEpochs))
            log._epochs.Add(m);
        if (log._epochs.Count != keepEpochs)
            throw new UserInputException(log._path, $"has {log._epochs.Count} of the {keepEpochs} finished epochs the training state records");
        return log;
    }

    public void Append(EpochMetrics metrics, string sampleUnit)
    {
        _epochs.Add(metrics);
        var text = new StringBuilder();
        foreach (var m in _epochs)
            text.Append(ToJson(m, sampleUnit).ToJsonString(RunJson.Line)).Append('\n');
        AtomicFile.WriteAllText(_path, text.ToString());
    }

    public static JsonObject ToJson(EpochMetrics m, string sampleUnit)
    {
        var o = new JsonObject { ["epoch"] = m.Epoch, ["loss"] = m.Loss };
        foreach (var (name, value) in m.Metrics)
            o[name] = value;
        o["eval_loss"] = m.EvalLoss;
        o["lr"] = m.Lr;
        o[$"{sampleUnit}_per_s"] = m.SamplesPerSecond;
        o["seconds"] = m.Seconds;
        if (double.IsFinite(m.GradNorm))
            o["grad_norm"] = m.GradNorm;
        if (double.IsFinite(m.GradNormMax))
            o["grad_norm_max"] = m.GradNormMax;
        return o;
    }

    /// <summary>Parses a metrics.jsonl file; malformed lines are a <see cref="UserInputException"/> on the file.</summary>
    public static List<EpochMetrics> Read(string path, string sampleUnit)
    {
        if (!File.Exists(path))
            throw new UserInputException(path, "metrics log not found");
        var result = new List<EpochMetrics>();
        var fixedKeys = new HashSet<string> { "epoch", "loss", "eval_loss", "lr", $"{sampleUnit}_per_s", "seconds", "grad_norm", "grad_norm_max" };
        var lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                var o = JsonNode.Parse(line)!.AsObject();
                var metrics = o.Where(kv => !fixedKeys.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<double>());
                result.Add(new EpochMetrics(o["epoch"]!.GetValue<int>(), o["loss"]!.GetValue<double>(),
                    o["eval_loss"]?.GetValue<double>() ?? double.NaN, metrics, o["lr"]!.GetValue<double>(),
                    o[$"{sampleUnit}_per_s"]?.GetValue<double>() ?? double.NaN, o["seconds"]!.GetValue<double>(),
                    o["grad_norm"]?.GetValue<double>() ?? double.NaN, o["grad_norm_max"]?.GetValue<double>() ?? double.NaN));
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
            {
                throw new UserInputException(path, $"line {lineNo} is not a metrics record", e);
            }
        }
        return result;
    }
}
