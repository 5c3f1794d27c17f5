namespace FrozenLm.Comparison.Slurm;

/// <summary>
/// The state of every run of a comparison submitted to Slurm, from the run directories (finished), <c>squeue</c>
/// (queued or running) and the jobs and logs under <c>DIR/slurm/</c> (failed, with the tail of the log; missing).
/// </summary>
public static class SlurmGridStatus
{
    public const int LogTailLines = 5;

    public static IReadOnlyList<SlurmRunStatus> Read(IReadOnlyList<CompareRunRequest> plan, string outDir, SlurmClient client)
    {
        var jobs = SlurmJobs.Read(outDir);
        var queue = client.Queue(jobs.Select(j => j.JobId).Distinct().ToList());
        var statuses = new List<SlurmRunStatus>();
        for (var i = 0; i < plan.Count; i++)
        {
            var run = plan[i];
            var last = jobs.LastOrDefault(j => j.Indices.Contains(i));
            if (CompareRunner.IsDone(run, outDir))
                statuses.Add(new SlurmRunStatus(run, i, SlurmRunState.Finished, last?.JobId, null, []));
            else if (jobs.Where(j => j.Indices.Contains(i)).Select(j => queue.GetValueOrDefault((j.JobId, i)))
                         .LastOrDefault(IsActive) is { } state)
                statuses.Add(new SlurmRunStatus(run, i, SlurmRunState.Queued, last?.JobId, state, []));
            else if (last is null)
                statuses.Add(new SlurmRunStatus(run, i, SlurmRunState.Missing, null, null, []));
            else
                statuses.Add(new SlurmRunStatus(run, i, SlurmRunState.Failed, last.JobId, queue.GetValueOrDefault((last.JobId, i)),
                    Tail(SlurmScript.LogPath(outDir, last.JobId, i))));
        }
        return statuses;
    }

    /// <summary>
    /// Refuses <c>--force</c> while array tasks of this comparison are queued or running (they would write into the runs
    /// it deletes), or when <c>squeue</c> cannot tell.
    /// </summary>
    public static void EnsureNoneActive(string outDir, SlurmClient client)
    {
        if (!SlurmJobs.Exists(outDir))
            return;
        var jobs = SlurmJobs.Read(outDir).Select(j => j.JobId).Distinct().ToList();
        IReadOnlyDictionary<(string Job, int Index), string> queue;
        try
        {
            queue = client.Queue(jobs);
        }
        catch (UserInputException e)
        {
            throw new UserInputException(outDir, $"--force cannot check whether Slurm tasks of this comparison still run ({e.Message}); " +
                $"check yourself, then delete {SlurmJobs.PathIn(outDir)}", e);
        }
        var active = queue.Where(t => IsActive(t.Value)).Select(t => $"{t.Key.Job}_{t.Key.Index}").Order(StringComparer.Ordinal).ToList();
        if (active.Count > 0)
            throw new UserInputException(outDir, $"{active.Count} Slurm array task(s) of this comparison are queued or running " +
                $"({string.Join(", ", active.Take(4))}{(active.Count > 4 ? ", ..." : "")}); --force would delete runs they write: " +
                $"cancel them first (scancel {string.Join(" ", jobs)})");
    }

    private static bool IsActive(string? state) =>
        state is "PENDING" or "RUNNING" or "CONFIGURING" or "COMPLETING" or "REQUEUED" or "RESIZING" or "SUSPENDED" or "STAGE_OUT";

    private static IReadOnlyList<string> Tail(string log)
    {
        if (!File.Exists(log))
            return ["(no log: the task never started, or " + log + " is not visible here)"];
        var lines = File.ReadLines(log).Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        return lines.Count == 0 ? ["(empty log)"] : lines.Skip(Math.Max(0, lines.Count - LogTailLines)).ToList();
    }
}
