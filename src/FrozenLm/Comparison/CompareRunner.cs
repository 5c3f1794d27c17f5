using System.Diagnostics;
using System.Text.Json;
using FrozenLm.IO;
using FrozenLm.Tasks;

namespace FrozenLm.Comparison;

/// <summary>
/// Runs every variant spec x seed of a comparison into <c>DIR/&lt;variant&gt;/seed-&lt;k&gt;/</c>, seed by seed, skipping
/// finished runs made with the same settings, resuming interrupted ones from their last checkpoint, and refusing
/// (unless forced) to mix runs made with different settings.
/// </summary>
public sealed class CompareRunner
{
    /// <summary>The file in each run directory that records the settings the run was made with.</summary>
    public const string RunRecordFile = "compare-run.json";

    private readonly ICompareTrainer _trainer;
    private readonly ICompareObserver _observer;

    public CompareRunner(ICompareTrainer trainer, ICompareObserver observer)
    {
        _trainer = trainer;
        _observer = observer;
    }

    /// <summary>
    /// The run directory of one variant spec and seed: <c>DIR/none/seed-0</c>, <c>DIR/frozen_layers-3/seed-1</c>
    /// (<see cref="VariantSpec.DirectoryName"/>).
    /// </summary>
    public static string RunDirectory(string outDir, string variant, int seed) =>
        Path.Combine(outDir, VariantSpec.Parse(variant).DirectoryName, $"seed-{seed}");

    /// <summary>
    /// The variant spec (canonical name) a run directory was trained for, from its run record; null when the directory
    /// has no record. Lets readers of a comparison folder (explain) name rows whose folders are spec-derived.
    /// </summary>
    public static string? RecordedVariant(string runDir)
    {
        var path = Path.Combine(runDir, RunRecordFile);
        return File.Exists(path) ? ReadRecord(path).GetValueOrDefault("variant") : null;
    }

    /// <summary>The runs of a comparison in the order they are trained: seed by seed, every variant per seed.</summary>
    public static IReadOnlyList<CompareRunRequest> Plan(CompareSettings settings)
    {
        var runs = new List<CompareRunRequest>();
        for (var seed = 0; seed < settings.Seeds; seed++)
            foreach (var variant in settings.Variants)
                runs.Add(new CompareRunRequest(settings, variant, seed));
        return runs;
    }

    /// <summary>
    /// Trains what is missing and returns the records of all runs, in plan order. With <paramref name="force"/>,
    /// runs made with other settings are deleted and retrained instead of refused.
    /// </summary>
    public IReadOnlyList<RunRecord> Run(CompareSettings settings, string outDir, bool force, CancellationToken cancellationToken)
    {
        var plan = Prepare(settings, outDir, force);
        for (var i = 0; i < plan.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TrainOne(plan[i], outDir, i, plan.Count, cancellationToken);
        }
        return Collect(settings, outDir);
    }

    /// <summary>
    /// Validates <paramref name="settings"/>, refuses (or with <paramref name="force"/> deletes) runs in
    /// <paramref name="outDir"/> made with other settings, creates the directory and returns the plan.
    /// </summary>
    public static IReadOnlyList<CompareRunRequest> Prepare(CompareSettings settings, string outDir, bool force)
    {
        settings.Validate();
        var plan = Plan(settings);
        foreach (var run in plan)
        {
            var dir = RunDirectory(outDir, run.Variant, run.Seed);
            if (Inspect(run, dir).Conflict is not { } conflict)
                continue;
            if (!force)
                throw new UserInputException(outDir, conflict + "; pass --force to retrain it, or choose another --out");
            Directory.Delete(dir, recursive: true);
        }
        Directory.CreateDirectory(outDir);
        return plan;
    }

    /// <summary>True when the run's directory holds a finished run made with its settings.</summary>
    public static bool IsDone(CompareRunRequest run, string outDir) =>
        Inspect(run, RunDirectory(outDir, run.Variant, run.Seed)) is { Conflict: null, Finished: true };

    /// <summary>
    /// Brings one run of the plan to its end: skips it when finished, resumes it from its checkpoint when it was
    /// interrupted, trains it from the start otherwise (also when its checkpoint cannot be resumed). A run made with
    /// other settings is refused; <see cref="Prepare"/> decides about those first.
    /// </summary>
    public void TrainOne(CompareRunRequest run, string outDir, int index, int total, CancellationToken cancellationToken)
    {
        var settings = run.Settings;
        var dir = RunDirectory(outDir, run.Variant, run.Seed);
        var state = Inspect(run, dir);
        if (state.Conflict is not null)
            throw new UserInputException(outDir, state.Conflict + "; pass --force to retrain it, or choose another --out");
        if (state.Finished)
        {
            _observer.RunSkipped(run, dir);
            return;
        }
        var resume = state.HasRecord && _trainer.CanResume(dir);
        if (!resume)
            Restart(dir, settings.RunFingerprint(run.Variant, run.Seed));
        _observer.RunStarting(run, dir, index, total, resume);
        var clock = Stopwatch.StartNew();
        try
        {
            _trainer.Train(run, dir, resume, _observer, cancellationToken);
        }
        catch (UserInputException e) when (resume)
        {
            // An unusable checkpoint (for example a kill between two checkpoint files) costs the run, not the comparison.
            _observer.ResumeFailed(run, e.Message);
            Restart(dir, settings.RunFingerprint(run.Variant, run.Seed));
            _observer.RunStarting(run, dir, index, total, resuming: false);
            _trainer.Train(run, dir, false, _observer, cancellationToken);
        }
        if (!RunDirectoryReader.IsFinished(dir))
            throw new InvalidOperationException($"the trainer returned without writing {Path.Combine(dir, RunDirectoryReader.SummaryFile)}");
        _observer.RunFinished(run, clock.Elapsed);
    }

    /// <summary>The records of all runs of a finished comparison, in plan order.</summary>
    public static IReadOnlyList<RunRecord> Collect(CompareSettings settings, string outDir) =>
        Collect(settings, outDir, Plan(settings));

    /// <summary>The records of <paramref name="runs"/> (each finished), in the given order.</summary>
    public static IReadOnlyList<RunRecord> Collect(CompareSettings settings, string outDir, IEnumerable<CompareRunRequest> runs)
    {
        var metric = TaskRegistry.Get(settings.Task).PrimaryMetric;
        return runs.Select(run => RunDirectoryReader.Read(RunDirectory(outDir, run.Variant, run.Seed), run.Variant, run.Seed, metric)).ToList();
    }

    private sealed record RunState(bool HasRecord, bool Finished, string? Conflict);

    private static RunState Inspect(CompareRunRequest run, string dir)
    {
        var name = $"{run.Spec.DirectoryName}/seed-{run.Seed}";
        if (!Directory.Exists(dir) || !Directory.EnumerateFileSystemEntries(dir).Any())
            return new RunState(false, false, null);
        var recordPath = Path.Combine(dir, RunRecordFile);
        if (!File.Exists(recordPath))
            return new RunState(false, false, $"{name} holds files without a {RunRecordFile}, so its settings are unknown");
        var old = ReadRecord(recordPath);
        var wanted = run.Settings.RunFingerprint(run.Variant, run.Seed);
        foreach (var (key, value) in wanted)
        {
            var had = old.GetValueOrDefault(key, key == CompareSettings.TaskFlagsKey ? CompareSettings.NoTaskFlags : "(missing)");
            if (had != value)
                return new RunState(true, false, $"{name} was trained with {key}={had}, this comparison asks {key}={value}");
        }
        return new RunState(true, RunDirectoryReader.IsFinished(dir), null);
    }

    private static Dictionary<string, string> ReadRecord(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path))
                   ?? throw new UserInputException(path, "is empty");
        }
        catch (JsonException e)
        {
            throw new UserInputException(path, "is not a readable run record: " + e.Message, e);
        }
    }

    /// <summary>
    /// Empties a run directory and records its settings. The old directory is renamed aside before it is deleted, so a
    /// kill during the delete leaves no directory (a fresh run next time), never files without their run record.
    /// </summary>
    private static void Restart(string dir, SortedDictionary<string, string> fingerprint)
    {
        if (Directory.Exists(dir))
        {
            var aside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dir))!, $".{Path.GetFileName(dir)}.deleting-{Guid.NewGuid():N}");
            Directory.Move(dir, aside);
            Directory.Delete(aside, recursive: true);
        }
        Directory.CreateDirectory(dir);
        WriteRecord(dir, fingerprint);
    }

    private static void WriteRecord(string dir, SortedDictionary<string, string> fingerprint) =>
        AtomicFile.WriteAllText(
            Path.Combine(dir, RunRecordFile),
            JsonSerializer.Serialize(fingerprint, new JsonSerializerOptions { WriteIndented = true }) + "\n");
}
