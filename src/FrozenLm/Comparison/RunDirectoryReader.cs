using System.Text.Json;
using FrozenLm.Tasks;

namespace FrozenLm.Comparison;

/// <summary>
/// Reads a finished run directory (summary.json, metrics.jsonl) into a <see cref="RunRecord"/> in the task's primary
/// metric. Runs store metric values as the task computes them (fractions for accuracies); records hold them in the
/// metric's display unit (<see cref="MetricInfo.ToDisplay"/>).
/// </summary>
public static class RunDirectoryReader
{
    public const string SummaryFile = "summary.json";
    public const string MetricsFile = "metrics.jsonl";

    /// <summary>True when the run finished: its summary.json exists (the trainer writes it last, atomically).</summary>
    public static bool IsFinished(string runDir) => File.Exists(Path.Combine(runDir, SummaryFile));

    /// <summary>
    /// Reads the run's <paramref name="metric"/>; throws <see cref="UserInputException"/> naming the file when it is
    /// unreadable or was made for another primary metric.
    /// </summary>
    public static RunRecord Read(string runDir, string variant, int seed, MetricInfo metric)
    {
        var summaryPath = Path.Combine(runDir, SummaryFile);
        JsonElement summary;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(summaryPath));
            summary = doc.RootElement.Clone();
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new UserInputException(summaryPath, "is not a readable run summary: " + e.Message, e);
        }
        if (summary.ValueKind != JsonValueKind.Object)
            throw new UserInputException(summaryPath, "is not a JSON object");
        if (summary.TryGetProperty("primary_metric", out var m) && m.ValueKind == JsonValueKind.String && m.GetString() != metric.Key)
            throw new UserInputException(summaryPath, $"has primary metric '{m.GetString()}', but the task's is '{metric.Key}'");
        var curve = ReadCurve(Path.Combine(runDir, MetricsFile), metric);
        return new RunRecord(
            variant,
            seed,
            metric.ToDisplay(Metric(summary, "final", metric.Key, summaryPath)),
            metric.ToDisplay(Metric(summary, "best", metric.Key, summaryPath)),
            (long)Number(summary, "params_trainable", summaryPath),
            (long)Number(summary, "params_frozen", summaryPath),
            Number(summary, summary.TryGetProperty("images_per_s", out _) && !summary.TryGetProperty("samples_per_s", out _)
                ? "images_per_s"
                : "samples_per_s", summaryPath),
            (int)Number(summary, "epochs", summaryPath),
            curve);
    }

    /// <summary>
    /// <c>final_metrics[key]</c> (or <c>best_metrics</c>); summaries written before metrics became generic hold
    /// <c>final_top1</c> instead, which is read when the dictionary is absent.
    /// </summary>
    private static double Metric(JsonElement summary, string which, string key, string subject)
    {
        if (summary.TryGetProperty($"{which}_metrics", out var dict) && dict.ValueKind == JsonValueKind.Object)
        {
            return dict.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number
                ? v.GetDouble()
                : throw new UserInputException(subject, $"has no number '{key}' in '{which}_metrics'");
        }
        if (summary.TryGetProperty($"{which}_{key}", out var legacy) && legacy.ValueKind == JsonValueKind.Number)
            return legacy.GetDouble();
        throw new UserInputException(subject, $"has no '{which}_metrics' holding '{key}'");
    }

    private static List<RunEpoch> ReadCurve(string path, MetricInfo metric)
    {
        var curve = new List<RunEpoch>();
        if (!File.Exists(path))
            return curve;
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var e = doc.RootElement;
                var subject = $"{path}:{lineNumber}";
                curve.Add(new RunEpoch(
                    (int)Number(e, "epoch", subject),
                    Number(e, "loss", subject),
                    metric.ToDisplay(Number(e, metric.Key, subject)),
                    e.TryGetProperty("seconds", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : 0));
            }
            catch (JsonException ex)
            {
                throw new UserInputException($"{path}:{lineNumber}", "is not a JSON line: " + ex.Message, ex);
            }
        }
        // A resumed run may repeat an epoch it had logged before the interruption: the last entry wins.
        return curve.GroupBy(c => c.Epoch).Select(g => g.Last()).OrderBy(c => c.Epoch).ToList();
    }

    private static double Number(JsonElement obj, string key, string subject)
    {
        if (!obj.TryGetProperty(key, out var v) || v.ValueKind != JsonValueKind.Number)
            throw new UserInputException(subject, $"has no number '{key}'");
        return v.GetDouble();
    }
}
