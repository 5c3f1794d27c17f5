using FrozenLm.Comparison;
using FrozenLm.Comparison.Parallel;
using FrozenLm.Comparison.Slurm;
using FrozenLm.Tests.Cli;

namespace FrozenLm.Tests.Comparison.ScaleOut;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class SlurmSubmissionTests
{
    private static readonly CompareSettings Settings = new() { Variants = ["none", "frozen:layers=4+5:lm=/data/my lm's"], Seeds = 2, Epochs = 1 };

    [Fact]
    public void Given_pending_runs_When_the_script_is_written_Then_it_is_a_job_array_over_their_plan_indices()
    {
        var plan = CompareRunner.Plan(Settings);
        var options = new SlurmOptions { Partition = "gpu", Time = "02:00:00", CpusPerTask = 4, Mem = "16G", Gres = "gpu:1", ExtraArguments = ["--account=lab"] };
        var child = new ChildRunCommand("/opt/dotnet/dotnet", ["/opt/frozenlm/FrozenLm.Cli.dll"]) { Device = "cuda" };

        var text = SlurmScript.Text("/shared/cmp", plan, [3, 1], options, child);

        Assert.Equal(
            "#!/bin/bash\n" +
            "#SBATCH --job-name=frozenlm-compare\n" +
            "#SBATCH --array=1,3\n" +
            "#SBATCH --output=/shared/cmp/slurm/logs/%A_%a.out\n" +
            "#SBATCH --partition=gpu\n#SBATCH --time=02:00:00\n#SBATCH --cpus-per-task=4\n#SBATCH --mem=16G\n#SBATCH --gres=gpu:1\n" +
            "#SBATCH --account=lab\n",
            string.Concat(text.Split('\n').Where(l => l.StartsWith("#!") || l.StartsWith("#SBATCH")).Select(l => l + "\n")));
        Assert.Contains("variants[0]='none'; seeds[0]=0\n", text);
        Assert.Contains("variants[3]='frozen:layers=4+5:lm=/data/my lm'\\''s'; seeds[3]=1\n", text);
        Assert.EndsWith(
            "exec '/opt/dotnet/dotnet' '/opt/frozenlm/FrozenLm.Cli.dll' --device 'cuda' --threads \"${SLURM_CPUS_PER_TASK:-1}\" compare-run " +
            "--out '/shared/cmp' --variant \"${variants[$index]}\" --seed \"${seeds[$index]}\"\n", text);
    }

    [Fact]
    public void Given_the_script_When_bash_reads_it_Then_each_array_index_resolves_to_its_run()
    {
        var plan = CompareRunner.Plan(Settings);
        var dir = TestPaths.NewTempDir("slurm-script-bash");
        var script = SlurmScript.Write(dir, plan, [0, 1, 2, 3], new SlurmOptions(), new ChildRunCommand("echo", []));
        foreach (var i in new[] { 1, 3 })
        {
            var info = new System.Diagnostics.ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, UseShellExecute = false };
            info.Environment["SLURM_ARRAY_TASK_ID"] = i.ToString();
            using var p = System.Diagnostics.Process.Start(info)!;
            var output = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            Assert.Equal($"--threads 1 compare-run --out {dir} --variant {plan[i].Variant} --seed {plan[i].Seed}", output);
        }
    }

    [Fact]
    public void Given_slurm_with_dry_run_When_compare_Then_only_the_script_and_grid_are_written()
    {
        var dir = TestPaths.NewTempDir("slurm-dry-run");
        var (code, output, err) = CliRunner.Run("compare", "--variants", "none,frozen", "--seeds", "2", "--epochs", "1", "--out", dir,
            "--slurm", "--dry-run", "--time", "00:30:00", "--threads", "1");
        Runtime.TorchRuntimeReset.AllCores();
        Assert.True(code == 0, err);
        Assert.Contains("dry run, nothing submitted", output);
        var script = File.ReadAllText(SlurmScript.PathIn(dir));
        Assert.Contains("#SBATCH --array=0,1,2,3\n", script);
        Assert.Contains("#SBATCH --time=00:30:00\n", script);
        Assert.Contains(" compare-run --out '" + dir + "'", script);
        Assert.Equal(["frozen", "none"], CompareGridFile.Read(dir).Variants.Order());
        Assert.False(SlurmJobs.Exists(dir));
        Assert.False(Directory.Exists(Path.Combine(dir, "none")));
    }

    [Fact]
    public void Given_no_sbatch_When_submitting_Then_one_line_says_so()
    {
        var e = Assert.Throws<UserInputException>(() => new SlurmClient(sbatch: "/nonexistent/sbatch").Submit("/tmp/grid.sbatch"));
        Assert.Equal("sbatch", e.Subject);
        Assert.StartsWith("is not available (/nonexistent/sbatch: ", e.Problem);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("--time", "2h", "error: --time: '2h' is not a Slurm time limit (HH:MM:SS or D-HH:MM:SS)")]
    [InlineData("--cpus-per-task", "0", "error: --cpus-per-task: must be at least 1, got 0")]
    [InlineData("--sbatch-arg", "account=lab", "error: --sbatch-arg: 'account=lab' is not an sbatch option (it must start with '-', on one line)")]
    public void Given_a_bad_slurm_flag_When_compare_Then_exit_2_naming_it(string flag, string value, string expected)
    {
        var dir = TestPaths.NewTempDir("slurm-bad-flag");
        var (code, _, err) = CliRunner.Run("compare", "--slurm", flag, value, "--out", dir);
        Assert.Equal(2, code);
        Assert.Equal(expected, err.Trim());
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public void Given_a_slurm_resource_without_slurm_When_compare_Then_exit_2()
    {
        var (code, _, err) = CliRunner.Run("compare", "--partition", "gpu", "--out", TestPaths.NewTempDir("slurm-no-submit"));
        Assert.Equal(2, code);
        Assert.Equal("error: --partition: applies only to a Slurm submission (add --slurm)", err.Trim());
    }

    [Theory]
    [InlineData("41 0 RUNNING\n41 1 PENDING\n41 2 COMPLETED\n", "2 Slurm array task(s) of this comparison are queued or running (41_0, 41_1)")]
    [InlineData("41 0 COMPLETED\n41 1 FAILED\n", null)]
    [InlineData("", null)]
    public void Given_submitted_jobs_When_force_is_checked_Then_active_tasks_refuse_it_and_finished_ones_do_not(string squeueOutput, string? refusal)
    {
        var dir = TestPaths.NewTempDir("slurm-force-guard");
        SlurmJobs.Append(dir, new SlurmJobs.Job("41", [0, 1, 2], DateTimeOffset.UnixEpoch));
        var squeue = Path.Combine(dir, "fake-squeue");
        File.WriteAllText(squeue, "#!/bin/bash\nprintf '" + squeueOutput.Replace("\n", "\\n") + "'\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(squeue, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var client = new SlurmClient(squeue: squeue);

        if (refusal is null)
        {
            SlurmGridStatus.EnsureNoneActive(dir, client);
            return;
        }
        var e = Assert.Throws<UserInputException>(() => SlurmGridStatus.EnsureNoneActive(dir, client));
        Assert.Equal(dir, e.Subject);
        Assert.StartsWith(refusal, e.Problem);
        Assert.EndsWith("cancel them first (scancel 41)", e.Problem);
    }

    [Fact]
    public void Given_submitted_jobs_and_no_squeue_When_force_is_checked_Then_one_line_says_it_cannot_tell()
    {
        var dir = TestPaths.NewTempDir("slurm-force-no-squeue");
        SlurmJobs.Append(dir, new SlurmJobs.Job("7", [0], DateTimeOffset.UnixEpoch));

        var e = Assert.Throws<UserInputException>(() => SlurmGridStatus.EnsureNoneActive(dir, new SlurmClient(squeue: "/nonexistent/squeue")));

        Assert.Contains("--force cannot check whether Slurm tasks of this comparison still run", e.Problem);
        Assert.EndsWith("then delete " + SlurmJobs.PathIn(dir), e.Problem);
        Assert.DoesNotContain('\n', e.Message);
        SlurmGridStatus.EnsureNoneActive(TestPaths.NewTempDir("slurm-force-none"), new SlurmClient(squeue: "/nonexistent/squeue"));
    }
}
