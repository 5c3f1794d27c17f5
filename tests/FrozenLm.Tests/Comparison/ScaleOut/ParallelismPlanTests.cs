using FrozenLm.Comparison.Parallel;

namespace FrozenLm.Tests.Comparison.ScaleOut;

public sealed class ParallelismPlanTests
{
    [Theory]
    // cores, stage parameters, runs, available memory, --threads -> parallel, threads per run
    [InlineData(2, 1_774_464, 12, 64L << 30, 0, 2, 1)]     // MiniLM block on 2 cores: two single-thread runs
    [InlineData(16, 1_774_464, 12, 64L << 30, 0, 12, 1)]   // never more runs than are left
    [InlineData(16, 1_774_464, 4, 64L << 30, 0, 4, 4)]
    [InlineData(32, 202_383_360, 25, 64L << 30, 0, 8, 4)]  // a LLaMA-7B layer: 4 threads per run
    [InlineData(32, 202_383_360, 25, 6L << 30, 0, 1, 32)]  // ... but only one fits in 6 GiB
    [InlineData(8, 0, 20, 64L << 30, 2, 4, 2)]             // --threads fixes the threads per run
    [InlineData(1, 1_774_464, 12, 64L << 30, 0, 1, 1)]
    public void Given_cores_model_and_memory_When_auto_Then_it_splits_them_as_computed_by_hand(
        int cores, long stage, int runs, long memory, int threads, int parallel, int perRun)
    {
        Assert.Equal(new ParallelismPlan(parallel, perRun), ParallelismPlan.Auto(cores, stage, runs, memory, threads));
    }

    [Theory]
    [InlineData(2, 0, 2, 12, 2, 1)]
    [InlineData(3, 0, 16, 12, 3, 5)]
    [InlineData(4, 1, 16, 12, 4, 1)]
    [InlineData(8, 0, 16, 3, 3, 5)]
    public void Given_a_fixed_count_When_planned_Then_cores_are_split_between_the_runs(int n, int threads, int cores, int runs, int parallel, int perRun)
    {
        Assert.Equal(new ParallelismPlan(parallel, perRun), ParallelismPlan.Fixed(n, threads, cores, runs));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("many")]
    public void Given_a_bad_parallel_flag_When_parsed_Then_it_names_the_flag(string value)
    {
        var e = Assert.Throws<UserInputException>(() => ParallelismPlan.ParseFlag(value));
        Assert.Equal("--parallel", e.Subject);
        Assert.Equal($"must be a positive number of runs or 'auto', got '{value}'", e.Problem);
    }
}
