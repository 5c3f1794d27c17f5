using System.Diagnostics;
using FrozenLm.Comparison;
using FrozenLm.Comparison.Slurm;
using FrozenLm.Tests.Cli;

namespace FrozenLm.Tests.Comparison.ScaleOut;

[Collection(ScaleOutCollection.Name)]
public sealed class SlurmClusterTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly TinyGrid _grid;

    public SlurmClusterTests(TinyGrid grid) => _grid = grid;

    [SlurmFact]
    public void Given_the_local_cluster_When_the_grid_runs_as_a_job_array_with_a_task_killed_and_resubmitted_Then_results_match_the_local_run()
    {
        using var cluster = LocalSlurmCluster.Start();
        var dir = TestPaths.NewTempDir("scaleout-slurm");

        var (refused, _, refusal) = CliRunner.Run([.. _grid.Args(dir), "--slurm", "--partition", "nosuch"]);
        Assert.Equal(2, refused);
        var line = Assert.Single(refusal.Trim().Split('\n'));
        Assert.StartsWith("error: sbatch: refused the job: sbatch: error: ", line);
        Assert.Contains("invalid partition", line, StringComparison.OrdinalIgnoreCase);

        var (code, output, err) = CliRunner.Run([.. _grid.Args(dir), "--slurm", "--cpus-per-task", "1"]);
        Assert.True(code == 0, err);
        Assert.Contains("slurm: submitted job ", output);
        var job = Assert.Single(SlurmJobs.Read(dir));
        Assert.Equal([0, 1, 2, 3], job.Indices);

        // Kill the frozen seed-0 task once its first epoch is checkpointed (its log shows the epoch): the run is left half-done.
        var victim = Path.Combine(dir, TinyGrid.RunDirs[1]);
        var victimLog = SlurmScript.LogPath(dir, job.JobId, 1);
        WaitUntil(() => File.Exists(victimLog) && File.ReadAllText(victimLog).Contains("epoch 1/2"), "the frozen seed-0 run checkpoints its first epoch");
        LocalSlurmCluster.Tool("scancel", $"{job.JobId}_1");
        WaitUntil(() => !Queued(job.JobId), "the array drains");
        Assert.False(File.Exists(Path.Combine(victim, "summary.json")), "the killed run must not have finished");

        var (_, status, _) = CliRunner.Run("compare", "--out", dir);
        Assert.Contains("slurm: 3 finished, 0 queued or running, 1 failed, 0 missing, of 4 runs", status);
        Assert.Contains($"  frozen:layers=3 seed 0: failed (job {job.JobId}_1", status);
        Assert.Contains("partial: 3 of 4 runs finished", status);

        var (again, resubmitted, err2) = CliRunner.Run("compare", "--out", dir, "--resubmit");
        Assert.True(again == 0, err2);
        Assert.Contains("1 array task(s) (frozen:layers=3 seed 0)", resubmitted);
        var second = SlurmJobs.Read(dir)[1];
        Assert.Equal([1], second.Indices);
        WaitUntil(() => !Queued(second.JobId), "the resubmitted task ends");
        Assert.Contains("resuming from its last checkpoint", File.ReadAllText(SlurmScript.LogPath(dir, second.JobId, 1)));

        var (final, report, err3) = CliRunner.Run("compare", "--out", dir);
        Runtime.TorchRuntimeReset.AllCores();
        Assert.True(final == 0, err3);
        Assert.Contains("slurm: 4 finished, 0 queued or running, 0 failed, 0 missing", report);
        Assert.DoesNotContain("partial:", report);
        _grid.AssertIdenticalToReference(dir);
    }

    private static bool Queued(string jobId) =>
        new SlurmClient().Queue([jobId]).Values.Any(s => s is "PENDING" or "RUNNING" or "CONFIGURING" or "COMPLETING");

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Patience, $"timed out waiting until {what}");
            Thread.Sleep(50);
        }
    }
}
