using FrozenLm.Comparison;
using FrozenLm.Comparison.Parallel;
using FrozenLm.Comparison.Slurm;

namespace FrozenLm.Cli.Commands;

/// <summary>
/// <c>compare --slurm</c> and <c>compare --out DIR</c> on a comparison submitted to Slurm: submits the runs that are
/// neither finished nor queued as one job array, or reports finished / queued / failed (with the tail of its log) /
/// missing runs; returns the records of the finished runs for the reports.
/// </summary>
internal sealed class CompareSlurmMode
{
    private readonly TextWriter _out;
    private readonly SlurmClient _client;

    public CompareSlurmMode(TextWriter output, SlurmClient client)
    {
        _out = output;
        _client = client;
    }

    /// <summary>Submits (or with a dry run only writes) the job array; returns the finished runs' records when nothing was left to submit.</summary>
    public IReadOnlyList<RunRecord> Submit(CompareSettings settings, IReadOnlyList<CompareRunRequest> plan, string outDir,
        CompareSlurmRequest request, ChildRunCommand child)
    {
        var statuses = SlurmGridStatus.Read(plan, outDir, _client);
        var todo = statuses.Where(s => s.State is SlurmRunState.Failed or SlurmRunState.Missing).Select(s => s.Index).ToList();
        var finished = statuses.Count(s => s.State == SlurmRunState.Finished);
        var queued = statuses.Count(s => s.State == SlurmRunState.Queued);
        if (todo.Count == 0)
        {
            _out.WriteLine($"slurm: nothing to submit: {finished} run(s) finished, {queued} queued or running");
            return queued == 0 ? Finished(settings, outDir, statuses) : [];
        }
        var options = request.Options ?? SlurmOptions.Load(outDir) ?? new SlurmOptions();
        var script = SlurmScript.Write(outDir, plan, todo, options, child);
        var runs = string.Join(", ", todo.Select(i => $"{plan[i].Variant} seed {plan[i].Seed}"));
        if (request.DryRun)
        {
            _out.WriteLine($"slurm: wrote {script} ({todo.Count} array task(s): {runs}); dry run, nothing submitted");
            return [];
        }
        var jobId = _client.Submit(script);
        options.Save(outDir);
        SlurmJobs.Append(outDir, new SlurmJobs.Job(jobId, todo, DateTimeOffset.UtcNow));
        _out.WriteLine($"slurm: submitted job {jobId}: {todo.Count} array task(s) ({runs}); {finished} finished, {queued} already queued");
        _out.WriteLine($"       script {script}, logs {SlurmScript.LogFolderIn(outDir)}");
        _out.WriteLine($"       progress and reports: frozenlm compare --out {outDir}");
        return [];
    }

    /// <summary>Prints where every run stands; returns the finished runs' records.</summary>
    public IReadOnlyList<RunRecord> Report(CompareSettings settings, IReadOnlyList<CompareRunRequest> plan, string outDir)
    {
        var statuses = SlurmGridStatus.Read(plan, outDir, _client);
        int Count(SlurmRunState state) => statuses.Count(s => s.State == state);
        _out.WriteLine($"slurm: {Count(SlurmRunState.Finished)} finished, {Count(SlurmRunState.Queued)} queued or running, " +
                       $"{Count(SlurmRunState.Failed)} failed, {Count(SlurmRunState.Missing)} missing, of {plan.Count} runs ({outDir})");
        foreach (var s in statuses.Where(s => s.State != SlurmRunState.Finished))
        {
            var label = $"  {s.Run.Variant} seed {s.Run.Seed}";
            switch (s.State)
            {
                case SlurmRunState.Queued:
                    _out.WriteLine($"{label}: {s.QueueState!.ToLowerInvariant()} (job {s.JobId}_{s.Index})");
                    break;
                case SlurmRunState.Failed:
                    _out.WriteLine($"{label}: failed (job {s.JobId}_{s.Index}{(s.QueueState is { } q ? ", " + q.ToLowerInvariant() : "")}); log tail:");
                    foreach (var line in s.LogTail)
                        _out.WriteLine("      " + line);
                    break;
                default:
                    _out.WriteLine($"{label}: missing (never submitted)");
                    break;
            }
        }
        if (statuses.Any(s => s.State is SlurmRunState.Failed or SlurmRunState.Missing))
            _out.WriteLine($"  resubmit the failed and missing runs: frozenlm compare --out {outDir} --resubmit");
        return Finished(settings, outDir, statuses);
    }

    private static IReadOnlyList<RunRecord> Finished(CompareSettings settings, string outDir, IReadOnlyList<SlurmRunStatus> statuses) =>
        CompareRunner.Collect(settings, outDir, statuses.Where(s => s.State == SlurmRunState.Finished).Select(s => s.Run));
}
