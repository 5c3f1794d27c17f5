using FrozenLm.Bench.Reliability;

namespace FrozenLm.Tests.Reliability;

/// <summary>The short CI version of <c>bench kill-resume</c>: a few SIGKILLs of a real <c>frozenlm train</c> child.</summary>
public sealed class KillResumeTests
{
    [Fact]
    public void Given_a_train_child_killed_at_seeded_moments_When_resumed_to_the_end_Then_it_is_bit_identical_to_the_uninterrupted_run()
    {
        var harness = new KillHarness(RepoRoot(), TestPaths.NewTempDir("kill-resume"), seed: 7, _ => { });
        var (kills, differences) = harness.Train(epochs: 3, kills: 3);
        Assert.True(kills >= 3, $"{kills} kills");
        Assert.Empty(differences);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FrozenLm.sln")))
                return dir.FullName;
        throw new InvalidOperationException("FrozenLm.sln not found above " + AppContext.BaseDirectory);
    }
}
