using System.Text.Json;
using FrozenLm.Comparison;
using FrozenLm.Comparison.Statistics;

namespace FrozenLm.Reports;

/// <summary>
/// Writes a comparison's <c>results.json</c>: the compared metric (name, unit, direction), the setup, one object per
/// row (variant spec) with its values in the metric's display unit, the paired comparisons and the verdict. Image
/// comparisons also keep the <c>top1</c>, <c>top1_mean</c>, <c>top1_std</c> and <c>images_per_s</c> keys of schema 1.
/// </summary>
public static class ComparisonJsonWriter
{
    public const string Schema = "frozenlm-compare/2";

    /// <summary>The metric key whose results also carry the schema-1 <c>top1*</c> keys.</summary>
    private const string Top1 = "top1";

    public static byte[] ToBytes(ComparisonResult result)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            WriteMetric(w, result);
            WriteSetup(w, result.Setup);
            w.WriteStartArray("variants");
            foreach (var v in result.Variants)
                WriteVariant(w, v, result.Metric.Info.Key == Top1);
            w.WriteEndArray();
            w.WriteStartArray("comparisons");
            foreach (var c in result.Comparisons)
            {
                w.WriteStartObject();
                w.WriteString("variant", c.Variant);
                w.WriteString("baseline", c.Baseline);
                w.WriteString("reading", Reading(c.Reading));
                w.WriteNumber("n", c.Difference.N);
                WriteNullable(w, "delta_mean", c.Difference.Mean);
                WriteNullable(w, "delta_std", c.Difference.Std);
                WriteCi(w, "delta_ci95", c.Difference.Ci);
                w.WriteString("sentence", c.Sentence);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("verdict", result.Verdict);
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteMetric(Utf8JsonWriter w, ComparisonResult result)
    {
        var m = result.Metric.Info;
        w.WriteStartObject("metric");
        w.WriteString("name", m.Key);
        w.WriteString("label", m.Label);
        w.WriteString("unit", m.Unit);
        w.WriteBoolean("higher_is_better", m.HigherIsBetter);
        w.WriteString("delta_unit", result.Metric.DeltaUnit);
        w.WriteString("description", result.MetricDescription);
        w.WriteEndObject();
    }

    private static string Reading(DeltaReading reading) => reading switch
    {
        DeltaReading.Better => "better",
        DeltaReading.Worse => "worse",
        DeltaReading.NoDifference => "no difference detectable",
        _ => "undecided (1 seed)",
    };

    private static void WriteSetup(Utf8JsonWriter w, CompareSetup s)
    {
        w.WriteStartObject("setup");
        w.WriteString("task", s.Settings.Task);
        w.WriteString("data", s.DataDescription);
        w.WriteString("encoder", s.ModelDescription);
        w.WriteString("lm", s.Settings.Lm);
        w.WriteString("lm_description", s.LmDescription);
        w.WriteString("training", s.TrainingDescription);
        w.WriteString("lm_layers", s.Settings.LmLayersText);
        w.WriteString("preset", s.Settings.Preset);
        w.WriteStartObject("task_flags");
        foreach (var (flag, value) in s.Settings.TaskFlags.OrderBy(f => f.Key, StringComparer.Ordinal))
            w.WriteString(flag, value);
        w.WriteEndObject();
        w.WriteStartArray("variants");
        foreach (var v in s.Settings.Variants)
            w.WriteStringValue(v);
        w.WriteEndArray();
        w.WriteStartArray("seeds");
        for (var k = 0; k < s.Settings.Seeds; k++)
            w.WriteNumberValue(k);
        w.WriteEndArray();
        w.WriteNumber("epochs", s.Epochs);
        WriteNullable(w, "batch_size", s.Settings.BatchSize);
        WriteNullable(w, "train_limit", s.Settings.TrainLimit);
        WriteNullable(w, "eval_limit", s.Settings.EvalLimit);
        WriteNullable(w, "lr", s.Settings.Lr);
        w.WriteNumber("threads", s.Threads);
        w.WriteNumber("processor_count", s.ProcessorCount);
        w.WriteString("machine", s.Machine);
        w.WriteString("tool_version", s.ToolVersion);
        w.WriteString("finished_utc", s.FinishedUtc.ToString("yyyy-MM-ddTHH:mm:ssZ"));
        w.WriteNumber("wall_seconds", Math.Round(s.WallSeconds, 1));
        w.WriteNumber("train_seconds", Math.Round(s.TrainSeconds, 1));
        w.WriteEndObject();
    }

    private static void WriteVariant(Utf8JsonWriter w, VariantResult v, bool top1)
    {
        w.WriteStartObject();
        w.WriteString("name", v.Name);
        var spec = VariantSpec.Parse(v.Name);
        w.WriteString("base", spec.Base);
        w.WriteString("dir", spec.DirectoryName);
        w.WriteStartArray("seeds");
        foreach (var seed in v.Seeds)
            w.WriteNumberValue(seed);
        w.WriteEndArray();
        WriteValues(w, "values", "mean", "std", v);
        if (top1)
            WriteValues(w, "top1", "top1_mean", "top1_std", v);
        WriteNullable(w, "delta_vs_none_mean", v.DeltaVsNone?.Mean);
        WriteCi(w, "delta_ci95", v.DeltaVsNone?.Ci);
        w.WriteNumber("params_trainable", v.ParamsTrainable);
        w.WriteNumber("params_frozen", v.ParamsFrozen);
        w.WriteNumber("samples_per_s", v.SamplesPerSecond);
        if (top1)
            w.WriteNumber("images_per_s", v.SamplesPerSecond);
        w.WriteStartArray("curve");
        foreach (var p in v.Curve)
        {
            w.WriteStartObject();
            w.WriteNumber("epoch", p.Epoch);
            w.WriteNumber("runs", p.Runs);
            WriteNullable(w, "metric_mean", p.TestMetricMean);
            WriteNullable(w, "metric_std", p.TestMetricStd);
            if (top1)
            {
                WriteNullable(w, "top1_mean", p.TestMetricMean);
                WriteNullable(w, "top1_std", p.TestMetricStd);
            }
            w.WriteNumber("loss_mean", p.TrainLossMean);
            WriteNullable(w, "loss_std", p.TrainLossStd);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteValues(Utf8JsonWriter w, string values, string mean, string std, VariantResult v)
    {
        w.WriteStartArray(values);
        foreach (var x in v.Values)
        {
            if (double.IsFinite(x))
                w.WriteNumberValue(x);
            else
                w.WriteNullValue();
        }
        w.WriteEndArray();
        WriteNullable(w, mean, v.Mean);
        WriteNullable(w, std, v.Std);
    }

    private static void WriteCi(Utf8JsonWriter w, string name, ConfidenceInterval? ci)
    {
        if (ci is null || !double.IsFinite(ci.Low) || !double.IsFinite(ci.High))
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartArray(name);
        w.WriteNumberValue(ci.Low);
        w.WriteNumberValue(ci.High);
        w.WriteEndArray();
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
            w.WriteNumber(name, v);
        else
            w.WriteNull(name);
    }
}
