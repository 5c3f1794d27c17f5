using System.Globalization;

namespace FrozenLm.Comparison.Parallel;

/// <summary>
/// How many runs train at once and with how many CPU threads each. <see cref="Auto"/> picks it from the cores, the
/// size of the LM stage and the memory: small models barely speed up with more intra-op threads, so they run one
/// thread each, side by side; large ones get more threads per run and fewer runs, and never more runs than fit in memory.
/// </summary>
public sealed record ParallelismPlan(int Parallel, int ThreadsPerRun)
{
    /// <summary>Stage parameters up to which a run gets 1 thread; each further factor of 8 doubles it.</summary>
    public const long OneThreadParameters = 16_000_000;

    /// <summary>What one run is budgeted in memory besides 16 bytes per stage parameter (weights, gradients, AdamW state).</summary>
    public const long BaseBytesPerRun = 1L << 30;

    /// <summary>
    /// <c>--parallel N</c>: N runs at a time (never more than there are runs), with <paramref name="threads"/> each
    /// when given (&gt; 0), else the cores split between them.
    /// </summary>
    public static ParallelismPlan Fixed(int parallel, int threads, int cores, int runs)
    {
        var n = Math.Max(1, Math.Min(parallel, Math.Max(1, runs)));
        return new ParallelismPlan(n, threads > 0 ? threads : Math.Max(1, cores / n));
    }

    /// <summary>
    /// <c>--parallel auto</c>: threads per run from the stage size (1 up to <see cref="OneThreadParameters"/>), runs =
    /// cores / threads, capped by the runs left and by the available memory.
    /// </summary>
    public static ParallelismPlan Auto(int cores, long stageParameters, int runs, long availableMemoryBytes, int threads)
    {
        var perRun = threads > 0 ? threads : ThreadsFor(stageParameters, cores);
        var byCores = Math.Max(1, cores / perRun);
        var bytesPerRun = BaseBytesPerRun + 16 * Math.Max(0, stageParameters);
        var byMemory = availableMemoryBytes > 0 ? (int)Math.Max(1, Math.Min(int.MaxValue, availableMemoryBytes / bytesPerRun)) : byCores;
        var n = Math.Max(1, Math.Min(Math.Min(byCores, byMemory), Math.Max(1, runs)));
        return new ParallelismPlan(n, threads > 0 ? threads : Math.Max(perRun, cores / n));
    }

    private static int ThreadsFor(long stageParameters, int cores)
    {
        var threads = 1;
        for (var limit = OneThreadParameters; stageParameters > limit && threads < cores; limit *= 8)
            threads *= 2;
        return Math.Min(threads, Math.Max(1, cores));
    }

    /// <summary>Parses <c>--parallel</c>: a positive count, or null for <c>auto</c>.</summary>
    public static int? ParseFlag(string value)
    {
        if (string.Equals(value, "auto", StringComparison.OrdinalIgnoreCase))
            return null;
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1
            ? n
            : throw new UserInputException("--parallel", $"must be a positive number of runs or 'auto', got '{value}'");
    }
}
