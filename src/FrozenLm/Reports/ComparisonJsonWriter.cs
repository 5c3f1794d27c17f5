using System.Text.Json;
using FrozenLm.Comparison;
using FrozenLm.Reports.Statistics;

namespace FrozenLm.Reports;

/// <summary>Writes a comparison's <c>results.json</c>: setup, one object per variant, the paired comparisons, the verdict.</summary>
public static class ComparisonJsonWriter
{
    public const string Schema = "frozenlm-compare/1";

    public static byte[] ToBytes(ComparisonResult result)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("schema", Schema);
            w.WriteString("metric", result.MetricDescription);
            WriteSetup(w, result.Setup);
            w.WriteStartArray("variants");
            foreach (var v in result.Variants)
                WriteVariant(w, v);
            w.WriteEndArray();
            w.WriteStartArray("comparisons");
            foreach (var c in result.Comparisons)
            {
                w.WriteStartObject();
                w.WriteString("variant", c.Variant);
                w.WriteString("baseline", c.Baseline);
                w.WriteNumber("n", c.Difference.N);
                w.WriteNumber("delta_mean", c.Difference.Mean);
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

    private static void WriteVariant(Utf8JsonWriter w, VariantResult v)
    {
        w.WriteStartObject();
        w.WriteString("name", v.Name);
        w.WriteStartArray("seeds");
        foreach (var seed in v.Seeds)
            w.WriteNumberValue(seed);
        w.WriteEndArray();
        w.WriteStartArray("top1");
        foreach (var t in v.Top1)
            w.WriteNumberValue(t);
        w.WriteEndArray();
        w.WriteNumber("top1_mean", v.Top1Mean);
        WriteNullable(w, "top1_std", v.Top1Std);
        WriteNullable(w, "delta_vs_none_mean", v.DeltaVsNone?.Mean);
        WriteCi(w, "delta_ci95", v.DeltaVsNone?.Ci);
        w.WriteNumber("params_trainable", v.ParamsTrainable);
        w.WriteNumber("params_frozen", v.ParamsFrozen);
        w.WriteNumber("images_per_s", v.ImagesPerSecond);
        w.WriteStartArray("curve");
        foreach (var p in v.Curve)
        {
            w.WriteStartObject();
            w.WriteNumber("epoch", p.Epoch);
            w.WriteNumber("runs", p.Runs);
            w.WriteNumber("top1_mean", p.TestTop1Mean);
            WriteNullable(w, "top1_std", p.TestTop1Std);
            w.WriteNumber("loss_mean", p.TrainLossMean);
            WriteNullable(w, "loss_std", p.TrainLossStd);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteCi(Utf8JsonWriter w, string name, ConfidenceInterval? ci)
    {
        if (ci is null)
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
        if (value is { } v)
            w.WriteNumber(name, v);
        else
            w.WriteNull(name);
    }
}
