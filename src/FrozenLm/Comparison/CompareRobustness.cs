using System.Globalization;
using System.Text.Json;
using FrozenLm.Comparison.Statistics;
using FrozenLm.IO;
using FrozenLm.Tasks;
using FrozenLm.Training;
using static TorchSharp.torch;

namespace FrozenLm.Comparison;

/// <summary>
/// <c>compare --corruptions</c>: every finished run's task evaluation under the corruptions (its robustness.json), then
/// per variant the mean corruption accuracy (mean ± std over seeds) and its paired difference from <c>none</c> over
/// the same seeds (95% CI), per corruption too; written to robustness.json and appended to report.md.
/// </summary>
public static class CompareRobustness
{
    public const string ResultsFile = "robustness.json";

    /// <summary>Evaluates every run of the comparison and returns the markdown section it appended to
    /// <paramref name="markdownReport"/> (replacing an earlier one).</summary>
    public static IReadOnlyList<string> Run(CompareSettings settings, string outDir, string markdownReport, Device device,
        Action<string>? progress, CancellationToken ct = default)
    {
        var flags = new Dictionary<string, IReadOnlyList<string>> { [RobustnessKeys.CorruptionsFlag] = [settings.Corruptions!] };
        if (settings.Severities is { } severities)
            flags[RobustnessKeys.SeveritiesFlag] = [severities];
        var values = new TaskCommandValues(flags);
        var perVariant = new Dictionary<string, List<IReadOnlyDictionary<string, double>>>(StringComparer.Ordinal);
        foreach (var variant in settings.Variants)
        {
            perVariant[variant] = [];
            for (var seed = 0; seed < settings.Seeds; seed++)
            {
                ct.ThrowIfCancellationRequested();
                var dir = CompareRunner.RunDirectory(outDir, variant, seed);
                using var run = TrainedRun.Open(dir, device);
                var evaluation = run.Evaluate(values, ct);
                perVariant[variant].Add(evaluation.Metrics);
                progress?.Invoke($"robustness {variant} seed {seed}: mean corruption top-1 " +
                                 Pct(evaluation.Metrics.GetValueOrDefault(RobustnessKeys.Mean, double.NaN)) + "%");
            }
        }
        var keys = perVariant.Values.First()[0].Keys.Where(k => k.StartsWith(RobustnessKeys.Mean, StringComparison.Ordinal))
            .OrderBy(k => k == RobustnessKeys.Mean ? "" : k, StringComparer.Ordinal).ToList();
        var baseline = perVariant.GetValueOrDefault(CompareVariants.None);
        var rows = new List<object>();
        var lines = new List<string>
        {
            "",
            "## Robustness (ImageNet-C corruptions)",
            "",
            $"Top-1 % under `{settings.Corruptions}` at severities `{settings.Severities ?? "1-5"}` (mean over corruptions and " +
            "severities, then mean ± std over seeds); Δ = paired difference from `none` over the same seeds, 95% CI.",
            "",
            "| variant | " + string.Join(" | ", keys.Select(Header)) + " |",
            "|---|" + string.Concat(keys.Select(_ => "---:|")),
        };
        foreach (var (variant, runs) in perVariant)
        {
            var cells = new List<string>();
            var row = new Dictionary<string, object?> { ["variant"] = variant };
            foreach (var key in keys)
            {
                var v = runs.Select(m => m[key]).ToList();
                var mean = Descriptive.Mean(v);
                var std = Descriptive.SampleStd(v);
                var cell = Pct(mean) + (std is { } s ? " ± " + Pct(s) : "");
                PairedDifference? diff = null;
                if (baseline is not null && variant != CompareVariants.None)
                {
                    diff = PairedDifference.Compute(v, baseline.Select(m => m[key]).ToList());
                    cell += $" (Δ {Signed(diff.Mean)}" + (diff.Ci is { } ci ? $" [{Signed(ci.Low)}, {Signed(ci.High)}]" : "") + ")";
                }
                cells.Add(cell);
                row[key] = new { mean, std, per_seed = v, delta_vs_none = diff };
            }
            lines.Add($"| {variant} | " + string.Join(" | ", cells) + " |");
            rows.Add(row);
        }
        AtomicFile.WriteAllText(Path.Combine(outDir, ResultsFile), JsonSerializer.Serialize(new
        {
            corruptions = settings.Corruptions,
            severities = settings.Severities ?? "1-5",
            seeds = settings.Seeds,
            variants = rows,
        }, RunJson.Options) + "\n");
        var report = markdownReport;
        var existing = File.Exists(report) ? File.ReadAllText(report) : "";
        var marker = existing.IndexOf("\n## Robustness (ImageNet-C corruptions)", StringComparison.Ordinal);
        if (marker >= 0)
            existing = existing[..marker];
        AtomicFile.WriteAllText(report, existing.TrimEnd('\n') + "\n" + string.Join("\n", lines) + "\n");
        return lines;
    }

    private static string Header(string key) => key == RobustnessKeys.Mean ? "mean corruption top-1" : key[(RobustnessKeys.Mean.Length + 1)..];

    private static string Pct(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture);

    private static string Signed(double fraction) => (100 * fraction).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);
}
