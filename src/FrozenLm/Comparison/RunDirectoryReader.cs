using System.Text.Json;

namespace FrozenLm.Comparison;

/// <summary>
/// Reads a finished run directory (summary.json, metrics.jsonl) into a <see cref="RunRecord"/>. The trainer stores
/// accuracies as fractions; records hold percent.
/// </summary>
public static class RunDirectoryReader
{
    public const string SummaryFile = "summary.json";
    public const string MetricsFile = "metrics.jsonl";

    /// <summary>True when the run finished: its summary.json exists (the trainer writes it last, atomically).</summary>
    public static bool IsFinished(string runDir) => File.Exists(Path.Combine(runDir, SummaryFile));

    /// <summary>Reads the run; throws <see cref="UserInputException"/> naming the file when it is unreadable.</summary>
    public static RunRecord Read(string runDir, string variant, int seed)
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
        var metric = summary.TryGetProperty("primary_metric", out var m) && m.ValueKind == JsonValueKind.String
            ? m.GetString()!
            : "top1";
        var curve = ReadCurve(Path.Combine(runDir, MetricsFile), metric);
        double Primary(string metrics, string legacy) => summary.TryGetProperty(metrics, out var d) && d.ValueKind == JsonValueKind.Object
            ? Number(d, metric, summaryPath)
            : Number(summary, legacy, summaryPath);
        return new RunRecord(
            variant,
            seed,
            100 * Primary("final_metrics", "final_top1"),
            100 * Primary("best_metrics", "best_top1"),
            (long)Number(summary, "params_trainable", summaryPath),
            (long)Number(summary, "params_frozen", summaryPath),
            Number(summary, "samples_per_s", summaryPath),
            (int)Number(summary, "epochs", summaryPath),
            curve);
    }

    private static List<RunEpoch> ReadCurve(string path, string metric)
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
                    100 * Number(e, metric, subject),
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
