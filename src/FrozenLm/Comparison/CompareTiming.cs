using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FrozenLm.IO;
using FrozenLm.Runtime;
using FrozenLm.Training;

namespace FrozenLm.Comparison;

/// <summary>
/// Where a comparison's time went (DIR/timing.json): the process start-up before the comparison began, each run's
/// phases (<see cref="RunTiming"/>, from its summary.json) and their sum over the runs, and the comparison's reports.
/// Runs finished by an earlier invocation are included as they recorded themselves.
/// </summary>
public sealed record CompareTiming
{
    public const string File = "timing.json";

    /// <summary>From the process start to the start of the comparison (runtime, libtorch, flag parsing).</summary>
    public required PhaseTime Startup { get; init; }

    /// <summary>Each run's phases, by <c>variant/seed-k</c>.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, PhaseTime>> Runs { get; init; }

    /// <summary>The runs' phases summed over the runs.</summary>
    public required IReadOnlyDictionary<string, PhaseTime> RunPhases { get; init; }

    /// <summary>Aggregation, results.json, report.md / report.html (and the robustness section when asked).</summary>
    public required PhaseTime Reports { get; init; }

    /// <summary>Wall and CPU seconds of this invocation, process start to the end of the reports.</summary>
    public required PhaseTime Total { get; init; }

    /// <summary>Wall and CPU seconds of this process since it started.</summary>
    public static PhaseTime ProcessSoFar()
    {
        using var process = Process.GetCurrentProcess();
        return new PhaseTime((DateTime.Now - process.StartTime).TotalSeconds, process.TotalProcessorTime.TotalSeconds);
    }

    /// <summary>Reads the runs' timings from their run directories (runs without one are left out).</summary>
    public static CompareTiming Collect(string outDir, IEnumerable<CompareRunRequest> runs, PhaseTime startup, PhaseTime reports, PhaseTime total)
    {
        var perRun = new Dictionary<string, IReadOnlyDictionary<string, PhaseTime>>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            var dir = CompareRunner.RunDirectory(outDir, run.Variant, run.Seed);
            if (RunDirectoryReader.IsFinished(dir) && TrainingRunner.ReadSummary(dir).Timing is { } timing)
                perRun[$"{run.Spec.DirectoryName}/seed-{run.Seed}"] = timing.Phases;
        }
        var sums = new Dictionary<string, PhaseTime>(StringComparer.Ordinal);
        foreach (var phases in perRun.Values)
            foreach (var (phase, time) in phases)
                sums[phase] = sums.GetValueOrDefault(phase) + time;
        return new CompareTiming { Startup = startup, Runs = perRun, RunPhases = sums, Reports = reports, Total = total };
    }

    /// <summary>Writes DIR/timing.json.</summary>
    public void Save(string outDir) =>
        AtomicFile.WriteAllText(Path.Combine(outDir, File), JsonSerializer.Serialize(this, RunJson.Options) + "\n");

    /// <summary>
    /// One line per part: wall and CPU seconds and the share of the CPU seconds of all parts (runs trained side by side
    /// overlap in wall time, so their wall seconds can add up past the comparison's); then the comparison's wall time
    /// and the CPU seconds of all parts, the runs' own processes included.
    /// </summary>
    public IEnumerable<string> Lines()
    {
        var parts = new List<(string Name, PhaseTime Time)> { ("startup", Startup) };
        parts.AddRange(RunPhases.OrderByDescending(p => p.Value.CpuSeconds).Select(p => ($"runs: {p.Key}", p.Value)));
        parts.Add(("compare reports", Reports));
        var cpu = parts.Sum(p => p.Time.CpuSeconds);
        foreach (var (name, time) in parts)
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{name,-18} {time.WallSeconds,9:F1} s wall {time.CpuSeconds,9:F1} s cpu  {100 * time.CpuSeconds / Math.Max(cpu, 1e-9),5:F1}% of cpu");
        yield return string.Create(CultureInfo.InvariantCulture,
            $"{"total",-18} {Total.WallSeconds,9:F1} s wall {cpu,9:F1} s cpu  ({Runs.Count} runs timed)");
    }
}
