using System.Diagnostics;
using System.Text.Json;
using FrozenLm.Comparison;
using FrozenLm.Tests.Cli;

namespace FrozenLm.Tests.Comparison.ScaleOut;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class CompareLockTests
{
    [Fact]
    public void Given_a_held_lock_When_a_second_compare_takes_it_Then_it_names_the_holder_and_after_release_it_succeeds()
    {
        var dir = TestPaths.NewTempDir("compare-lock");
        using (CompareLock.Acquire(dir))
        {
            var e = Assert.Throws<UserInputException>(() => CompareLock.Acquire(dir));
            Assert.Equal(dir, e.Subject);
            Assert.Matches(
                $@"^is in use by another compare \(pid {Environment.ProcessId} on host {Environment.MachineName}, started \d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\dZ\); ",
                e.Problem);
        }
        Assert.False(File.Exists(Path.Combine(dir, CompareLock.HolderFile)));
        using (CompareLock.Acquire(dir))
            Assert.True(File.Exists(Path.Combine(dir, CompareLock.HolderFile)));
    }

    [Fact]
    public void Given_a_locked_directory_When_compare_runs_there_Then_exit_2_with_one_line_naming_the_holder_and_nothing_trained()
    {
        var dir = TestPaths.NewTempDir("compare-lock-cli");
        using var held = CompareLock.Acquire(dir);
        var (code, _, err) = CliRunner.Run("compare", "--variants", "none", "--seeds", "1", "--epochs", "1", "--train-limit", "16",
            "--eval-limit", "16", "--out", dir, "--threads", "1");
        Runtime.TorchRuntimeReset.AllCores();
        Assert.Equal(2, code);
        var line = Assert.Single(err.Trim().Split('\n'));
        Assert.StartsWith($"error: {dir}: is in use by another compare (pid {Environment.ProcessId} on host {Environment.MachineName}, started ", line);
        Assert.False(Directory.Exists(Path.Combine(dir, "none")));
    }

    [Fact]
    public void Given_a_lock_left_by_a_killed_process_When_compare_takes_it_Then_it_takes_it_over_and_records_itself()
    {
        var dir = TestPaths.NewTempDir("compare-lock-stale");
        var lockPath = Path.Combine(dir, CompareLock.LockFile);
        // util-linux flock holds the same kind of lock (flock LOCK_EX) on the file from another process.
        using var holder = Process.Start(new ProcessStartInfo("flock", ["--exclusive", "--close", lockPath, "sleep", "60"]) { UseShellExecute = false })!;
        var deadline = Stopwatch.StartNew();
        UserInputException? refused = null;
        while (refused is null && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            File.WriteAllText(Path.Combine(dir, CompareLock.HolderFile),
                $"{{\"pid\":\"{holder.Id}\",\"host\":\"{Environment.MachineName}\",\"started_utc\":\"2026-01-01T00:00:00Z\"}}");
            try
            {
                CompareLock.Acquire(dir).Dispose();
                Thread.Sleep(50); // flock has not taken the lock yet
            }
            catch (UserInputException e)
            {
                refused = e;
            }
        }
        Assert.NotNull(refused);
        Assert.Contains($"pid {holder.Id} on host {Environment.MachineName}, started 2026-01-01T00:00:00Z", refused.Problem);

        holder.Kill(entireProcessTree: true);
        holder.WaitForExit();
        using (CompareLock.Acquire(dir))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, CompareLock.HolderFile)));
            Assert.Equal(Environment.ProcessId.ToString(), doc.RootElement.GetProperty("pid").GetString());
            Assert.Throws<UserInputException>(() => CompareLock.Acquire(dir));
        }
    }
}
