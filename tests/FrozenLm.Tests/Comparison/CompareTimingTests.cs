using FrozenLm.Comparison;
using FrozenLm.Runtime;

namespace FrozenLm.Tests.Comparison;

/// <summary>The comparison's time split: shares of the CPU seconds of all parts, runs trained side by side included.</summary>
public sealed class CompareTimingTests
{
    [Fact]
    public void Given_two_runs_trained_side_by_side_When_printed_Then_shares_are_of_all_cpu_and_the_total_counts_the_runs()
    {
        // Two runs of 100 s wall each side by side: 200 s of run wall time inside a 102 s comparison.
        var run = new Dictionary<string, PhaseTime> { ["train"] = new(90, 60), ["eval"] = new(10, 20) };
        var timing = new CompareTiming
        {
            Startup = new(1, 1),
            Runs = new Dictionary<string, IReadOnlyDictionary<string, PhaseTime>> { ["none/seed-0"] = run, ["frozen/seed-0"] = run },
            RunPhases = new Dictionary<string, PhaseTime> { ["train"] = new(180, 120), ["eval"] = new(20, 40) },
            Reports = new(1, 39),
            Total = new(102, 41),
        };

        var lines = timing.Lines().ToList();

        Assert.Equal(5, lines.Count);
        Assert.StartsWith("runs: train", lines[1]);
        Assert.EndsWith(" 60.0% of cpu", lines[1]);     // 120 of 1 + 120 + 40 + 39 = 200 s
        Assert.EndsWith(" 20.0% of cpu", lines[2]);
        Assert.EndsWith(" 19.5% of cpu", lines[3]);
        Assert.Matches(@"^total +102\.0 s wall +200\.0 s cpu +\(2 runs timed\)$", lines[4]);
    }
}
