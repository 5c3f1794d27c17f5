namespace FrozenLm.Bench.Reliability;

/// <summary>
/// <c>kill-resume [train-kills] [compare-kills] [seed]</c>: the long version of the kill harness (default 14 + 8 kills).
/// Exit 1 when a resumed run is not bit-identical to the uninterrupted one.
/// </summary>
internal static class KillResumeBench
{
    public static int Run(string[] args)
    {
        var trainKills = args.Length > 0 ? int.Parse(args[0]) : 14;
        var compareKills = args.Length > 1 ? int.Parse(args[1]) : 8;
        var seed = args.Length > 2 ? int.Parse(args[2]) : 1;
        var root = FindRepoRoot();
        var work = Path.Combine(Path.GetTempPath(), "frozenlm-kill-resume-" + Guid.NewGuid().ToString("N")[..8]);
        var harness = new KillHarness(root, work, seed, Console.WriteLine);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (trainDone, trainDiff) = harness.Train(epochs: 6, trainKills);
        Console.WriteLine($"train: {trainDone} kills, {(trainDiff.Count == 0 ? "identical" : string.Join("; ", trainDiff))} ({clock.Elapsed.TotalSeconds:F0}s)");
        clock.Restart();
        var (compareDone, compareDiff) = harness.Compare(epochs: 3, compareKills);
        Console.WriteLine($"compare: {compareDone} kills, {(compareDiff.Count == 0 ? "identical" : string.Join("; ", compareDiff))} ({clock.Elapsed.TotalSeconds:F0}s)");
        Console.WriteLine($"{harness.KillsAfterStartup} of {trainDone + compareDone} kills aimed after process start");
        Directory.Delete(work, recursive: true);
        return trainDiff.Count + compareDiff.Count == 0 ? 0 : 1;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FrozenLm.sln")))
                return dir.FullName;
        throw new InvalidOperationException("FrozenLm.sln not found above " + AppContext.BaseDirectory);
    }
}
