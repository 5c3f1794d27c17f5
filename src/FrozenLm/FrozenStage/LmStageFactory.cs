using FrozenLm.FrozenStage.Variants;
using FrozenLm.LanguageModels;

namespace FrozenLm.FrozenStage;

/// <summary>
/// Builds the stage an <see cref="LmStageOptions"/> asks for, for visual tokens of width d, through the variant table
/// (<see cref="StageVariants"/>); resolves the default layer list to the LM's last layer.
/// </summary>
public static class LmStageFactory
{
    /// <param name="options">What to build.</param>
    /// <param name="visualDim">Width of the visual tokens.</param>
    /// <param name="seed">Seed of a random block's weights.</param>
    /// <param name="expectedChecksum">When set (loading a trained run), the loaded checkpoint must have this checksum.</param>
    public static (LmStage? Stage, LmStageInfo Info) Create(LmStageOptions options, int visualDim, int seed,
        string? expectedChecksum = null) =>
        StageVariants.Get(options.Mode).Build(new StageBuildRequest(options, visualDim, seed, expectedChecksum));

    /// <summary>
    /// The layers the stage runs: <paramref name="layers"/> checked against the model, or, when empty, the family's
    /// default (the last layer). A bad index is one line naming <c>--lm-layers</c>.
    /// </summary>
    public static int[] ResolveLayers(LmConfig config, IReadOnlyList<int> layers, string source)
    {
        if (layers.Count == 0)
            return [config.DefaultLayer];
        var seen = new HashSet<int>();
        foreach (var layer in layers)
        {
            if (layer < 0 || layer >= config.NumLayers)
                throw new UserInputException("--lm-layers",
                    $"layer {layer} is out of range: {source} has {config.NumLayers} layers (0..{config.NumLayers - 1})");
            if (!seen.Add(layer))
                throw new UserInputException("--lm-layers", $"layer {layer} is listed twice");
        }
        return [.. layers];
    }
}
