using System.Globalization;
using System.Text.Json;
using FrozenLm.Data;
using FrozenLm.Data.Corruptions;
using FrozenLm.IO;

namespace FrozenLm.Tasks.Image;

/// <summary>
/// <c>eval --corruptions</c>: top-1 of an image run on its evaluation set under ImageNet-C corruptions and severities
/// (robustness.json, a console table), with corruption errors relative to a baseline run's robustness.json.
/// </summary>
public static class ImageRobustness
{
    public const string ReportFile = "robustness.json";
    private const string CorruptionsFlag = RobustnessKeys.CorruptionsFlag;
    private const string SeveritiesFlag = RobustnessKeys.SeveritiesFlag;
    private const string BaselineFlag = RobustnessKeys.BaselineFlag;

    public static IReadOnlyList<TaskCommandFlag> Flags { get; } =
    [
        new(CorruptionsFlag, "ImageNet-C corruptions to evaluate under: all or NAME,... (writes robustness.json)"),
        new(SeveritiesFlag, "Corruption severities, e.g. 1-5 (default), 3 or 1,3,5 (with --corruptions)"),
        new(BaselineFlag, "Run directory whose robustness.json is the baseline of corruption errors (mCE) (with --corruptions)"),
    ];

    /// <summary>The corruptions, severities and baseline report the flags ask for (null when --corruptions is absent).</summary>
    public static (IReadOnlyList<string> Corruptions, IReadOnlyList<int> Severities, RobustnessReport? Baseline, string? BaselineDir)? Request(
        TaskCommandValues values)
    {
        if (!values.Has(CorruptionsFlag))
        {
            foreach (var other in new[] { SeveritiesFlag, BaselineFlag })
                if (values.Has(other))
                    throw new UserInputException(other, $"needs {CorruptionsFlag}");
            return null;
        }
        var corruptions = ImageCorruptions.Parse(values.Single(CorruptionsFlag)!, CorruptionsFlag);
        var severities = ImageCorruptions.ParseSeverities(values.Single(SeveritiesFlag) ?? "1-5", SeveritiesFlag);
        var baselineDir = values.Single(BaselineFlag);
        var baseline = baselineDir is null ? null : ReadBaseline(baselineDir, corruptions, severities);
        return (corruptions, severities, baseline, baselineDir);
    }

    /// <summary>Evaluates <paramref name="task"/> under every corruption and severity (<paramref name="cleanTop1"/>: its
    /// clean top-1, measured already).</summary>
    public static RobustnessReport Measure(ImageClassificationTask task, int weightsEpoch, double cleanTop1, IReadOnlyList<string> corruptions,
        IReadOnlyList<int> severities, RobustnessReport? baseline, string? baselineDir, Action<string>? progress, CancellationToken ct)
    {
        var set = task.EvalSet;
        var seed = task.Options.Seed;
        var results = new List<CorruptionResult>();
        foreach (var name in corruptions)
        {
            var top1 = new List<double>();
            foreach (var severity in severities)
            {
                ct.ThrowIfCancellationRequested();
                top1.Add(task.Top1On(ImageCorruptions.Corrupt(set, name, severity, seed), ct));
                progress?.Invoke($"{name} severity {severity}: top-1 {Pct(top1[^1])}%");
            }
            double? ce = null;
            if (baseline is not null)
            {
                var base1 = baseline.Corruptions.First(c => c.Name == name);
                var baseError = severities.Sum(s => 1 - base1.Top1[IndexOf(baseline.Severities, s)]);
                if (baseError <= 0)
                    throw new UserInputException(BaselineFlag, $"the baseline has no errors under {name}: corruption error is undefined");
                ce = top1.Sum(a => 1 - a) / baseError;
            }
            results.Add(new CorruptionResult(name, top1, top1.Average(), ce));
        }
        var scale = ImageCorruptions.ScaleFor(set.Height, set.Width);
        return new RobustnessReport
        {
            Data = set.Name,
            Samples = set.Count,
            WeightsEpoch = weightsEpoch,
            Seed = seed,
            ParameterSet = scale == CorruptionScale.Cifar ? "cifar-10-c" : "imagenet-c",
            CleanTop1 = cleanTop1,
            Severities = severities,
            Corruptions = results,
            MeanCorruptionTop1 = results.SelectMany(r => r.Top1).Average(),
            BaselineRun = baselineDir,
            Mce = baseline is null ? null : results.Average(r => r.Ce!.Value),
        };
    }

    /// <summary>Writes <paramref name="report"/> to DIR/robustness.json (temp + rename).</summary>
    public static void Write(string dir, RobustnessReport report) =>
        AtomicFile.WriteAllText(Path.Combine(dir, ReportFile), JsonSerializer.Serialize(report, RunJson.Options) + "\n");

    /// <summary>The metrics compare and eval record: <c>mca</c> and <c>mca/NAME</c> (and <c>mce</c> with a baseline).</summary>
    public static Dictionary<string, double> Metrics(RobustnessReport report)
    {
        var metrics = new Dictionary<string, double> { [RobustnessKeys.Mean] = report.MeanCorruptionTop1 };
        foreach (var c in report.Corruptions)
            metrics[RobustnessKeys.OfCorruption(c.Name)] = c.MeanTop1;
        if (report.Mce is { } mce)
            metrics[RobustnessKeys.Mce] = mce;
        return metrics;
    }

    /// <summary>The console table: top-1 % per corruption and severity, mean, CE; then the summary lines.</summary>
    public static IReadOnlyList<string> Table(RobustnessReport report)
    {
        var hasCe = report.Corruptions.Any(c => c.Ce is not null);
        var header = $"{"corruption",-18}" + string.Concat(report.Severities.Select(s => $"{"s" + s,8}")) + $"{"mean",8}" +
                     (hasCe ? $"{"CE",8}" : "");
        var lines = new List<string>
        {
            $"robustness on {report.Data} ({report.Samples} images, {report.ParameterSet} constants, seed {report.Seed}), top-1 %:",
            header,
        };
        foreach (var c in report.Corruptions)
            lines.Add($"{c.Name,-18}" + string.Concat(c.Top1.Select(a => $"{Pct(a),8}")) + $"{Pct(c.MeanTop1),8}" +
                      (hasCe ? $"{Pct(c.Ce ?? double.NaN),8}" : ""));
        lines.Add($"clean top-1 {Pct(report.CleanTop1)}%, mean corruption top-1 {Pct(report.MeanCorruptionTop1)}%" +
                  (report.Mce is { } mce ? $", mCE {Pct(mce)}% (vs {report.BaselineRun})" : ""));
        return lines;
    }

    private static RobustnessReport ReadBaseline(string dir, IReadOnlyList<string> corruptions, IReadOnlyList<int> severities)
    {
        var path = Path.Combine(dir, ReportFile);
        if (!File.Exists(path))
            throw new UserInputException(BaselineFlag, $"{path} does not exist (run 'frozenlm eval --run {dir} {CorruptionsFlag} ...' first)");
        RobustnessReport? report;
        try
        {
            report = JsonSerializer.Deserialize<RobustnessReport>(File.ReadAllText(path), RunJson.Options);
        }
        catch (JsonException e)
        {
            throw new UserInputException(path, $"is not a robustness report: {e.Message}");
        }
        if (report is null || report.Corruptions is null || report.Severities is null)
            throw new UserInputException(path, "is not a robustness report");
        foreach (var name in corruptions)
        {
            var found = report.Corruptions.FirstOrDefault(c => c.Name == name)
                ?? throw new UserInputException(BaselineFlag, $"{path} has no '{name}' results");
            if (found.Top1 is null || found.Top1.Count != report.Severities.Count)
                throw new UserInputException(path, $"'{name}' has {found.Top1?.Count ?? 0} results for {report.Severities.Count} severities");
            foreach (var s in severities)
                if (IndexOf(report.Severities, s) < 0)
                    throw new UserInputException(BaselineFlag, $"{path} has no severity {s}");
        }
        return report;
    }

    private static int IndexOf(IReadOnlyList<int> list, int value)
    {
        for (var i = 0; i < list.Count; i++)
            if (list[i] == value)
                return i;
        return -1;
    }

    private static string Pct(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture);
}
