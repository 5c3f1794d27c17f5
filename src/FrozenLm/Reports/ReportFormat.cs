using System.Globalization;
using FrozenLm.Comparison;

namespace FrozenLm.Reports;

/// <summary>How comparison numbers are printed in the table, the Markdown and the HTML report (with units).</summary>
public static class ReportFormat
{
    /// <summary>"81.23 ± 0.40 %", "1.42 ± 0.05 m" (std omitted with one seed).</summary>
    public static string Value(ComparedMetric metric, VariantResult v)
    {
        var text = v.Std is { } s ? $"{metric.Number(v.Mean)} ± {metric.Number(s)}" : metric.Number(v.Mean);
        return metric.Info.Unit.Length == 0 ? text : $"{text} {metric.Info.Unit}";
    }

    /// <summary>"+0.52 [-0.10, +1.14]" (in the metric's difference unit), "+0.52 (1 seed, no CI)", or "reference" for none.</summary>
    public static string Delta(ComparedMetric metric, VariantResult v)
    {
        if (v.Name == CompareVariants.None)
            return "reference";
        if (v.DeltaVsNone is not { } d)
            return "n/a";
        return d.Ci is null
            ? $"{metric.Signed(d.Mean)} (1 seed, no CI)"
            : $"{metric.Signed(d.Mean)} {metric.Interval(d.Ci)}";
    }

    /// <summary>The header of a Δ column: "Δ vs none [95% CI] (points)", "(m)", or without a unit.</summary>
    public static string DeltaHeader(ComparedMetric metric) =>
        "Δ vs none [95% CI]" + (metric.DeltaUnit.Length > 0 ? $" ({metric.DeltaUnit})" : "");

    /// <summary>Parameter counts with thousands separators, e.g. "1,234,567".</summary>
    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"1,234 img/s" (the task's <paramref name="unit"/>, e.g. "clouds/s").</summary>
    public static string Throughput(double samplesPerSecond, string unit) =>
        samplesPerSecond.ToString("N0", CultureInfo.InvariantCulture) + " " + unit;

    /// <summary>"4 min 12 s" or "38 s".</summary>
    public static string Duration(double seconds)
    {
        var total = (int)Math.Round(seconds);
        return total >= 60 ? $"{total / 60} min {total % 60} s" : $"{total} s";
    }

    /// <summary>The per-seed values, e.g. "80.10, 81.00, 80.55".</summary>
    public static string PerSeed(ComparedMetric metric, VariantResult v) => string.Join(", ", v.Values.Select(metric.Number));

    /// <summary>The setup as label / value rows, in reading order.</summary>
    public static IReadOnlyList<(string Label, string Value)> SetupRows(CompareSetup s)
    {
        var seeds = s.Settings.Seeds;
        (string, string)[] taskFlags = s.Settings.TaskFlags.Count == 0 ? [] : [("task flags", s.Settings.TaskFlagsText + " (every run)")];
        return
        [
            ("task", s.Settings.Task),
            ("data", s.DataDescription),
            ("encoder", s.ModelDescription),
            ("language model", s.LmDescription),
            ("preset", s.Settings.Preset),
            .. taskFlags,
            ("variants", string.Join(", ", s.Settings.Variants)),
            ("seeds", $"{seeds} ({string.Join(", ", Enumerable.Range(0, seeds))}); same data order per seed across variants"),
            ("epochs", s.Epochs.ToString(CultureInfo.InvariantCulture)),
            ("training", s.TrainingDescription),
            ("metric", $"{s.MetricDescription}; {(s.Metric.HigherIsBetter ? "higher" : "lower")} is better"),
            ("machine", $"{s.Machine}, {s.ProcessorCount} logical cores, {s.Threads} torch threads"),
            ("time", $"{Duration(s.TrainSeconds)} of training over all runs (epoch times as measured, on a possibly busy machine); " +
                     $"the last invocation took {Duration(s.WallSeconds)} wall, reusing runs finished before it"),
            ("finished", s.FinishedUtc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)),
            ("tool", "frozenlm " + s.ToolVersion),
        ];
    }
}
