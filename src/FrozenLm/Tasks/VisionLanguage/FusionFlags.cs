using FrozenLm.Layers;

namespace FrozenLm.Tasks.VisionLanguage;

/// <summary>
/// The flags and checks of a merged-attention fusion held flat in a task's options (<c>--fusion-depth</c>,
/// <c>--fusion-heads</c>, <c>--weight-init</c>), shared by the tasks built on <c>MergedAttentionFusion</c>.
/// </summary>
public static class FusionFlags
{
    public const string WeightInitFlag = "--weight-init";

    public static IReadOnlyList<OptionFlag> For<T>(Func<T, int, T> setDepth, Func<T, int, T> setHeads, Func<T, LinearInit, T> setInit,
        string initScope)
        where T : TaskOptions
    {
        var f = new TaskFlags<T>();
        return
        [
            f.Int("--fusion-depth", "Merged-attention fusion blocks (the LM stage sits among them)", setDepth),
            f.Int("--fusion-heads", "Fusion attention heads", setHeads),
            f.Text(WeightInitFlag, $"Linear weight init of {initScope}: trunc-normal (std 0.02) or xavier (scaled to the width)",
                (o, v) => setInit(o, ParseInit(v))),
        ];
    }

    /// <summary><c>trunc-normal</c> / <c>xavier</c> (dashes and underscores ignored, any case).</summary>
    public static LinearInit ParseInit(string value) =>
        FlagValues.ToEnum<LinearInit>(value.Replace("-", "").Replace("_", ""), WeightInitFlag);

    /// <summary>Checks the fusion depth and heads; <paramref name="dim"/> is the fusion width when known (null: taken from another run).</summary>
    public static void Validate(int depth, int heads, int? dim)
    {
        if (depth <= 0)
            throw new UserInputException("--fusion-depth", $"must be positive, got {depth}");
        if (heads <= 0 || (dim is { } d && d % heads != 0))
            throw new UserInputException("--fusion-heads", $"{heads} heads do not divide --dim {dim}");
    }
}
