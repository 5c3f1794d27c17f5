using FrozenLm.LanguageModels;

namespace FrozenLm.FrozenStage;

/// <summary>
/// Builds the stage an <see cref="LmStageOptions"/> asks for, for visual tokens of width d: loads (frozen, finetune) or
/// creates (random, seeded) the block stack, sizes the MLP control from the LM's hidden size, or returns no stage.
/// </summary>
public static class LmStageFactory
{
    /// <param name="options">What to build.</param>
    /// <param name="visualDim">Width of the visual tokens.</param>
    /// <param name="seed">Seed of a random block's weights.</param>
    /// <param name="expectedChecksum">When set (loading a trained run), the loaded checkpoint must have this checksum.</param>
    public static (LmStage? Stage, LmStageInfo Info) Create(LmStageOptions options, int visualDim, int seed,
        string? expectedChecksum = null)
    {
        if (options.Layers.Length == 0 && options.Mode is not LmStageMode.None)
            throw new UserInputException("--lm-layers", "give at least one layer index");
        switch (options.Mode)
        {
            case LmStageMode.None:
                return (null, new LmStageInfo { Mode = LmStageMode.None });
            case LmStageMode.Mlp:
            {
                var config = LmBlockStack.ReadConfig(options.Source);
                var stage = new MlpStage(visualDim, config.HiddenSize);
                return (stage, new LmStageInfo
                {
                    Mode = LmStageMode.Mlp, Source = options.Source, Architecture = config.ModelType,
                    LmHiddenSize = config.HiddenSize, InnerDim = stage.InnerDim, MapperParameters = stage.MapperParameterCount,
                });
            }
            default:
            {
                var load = new LmLoadOptions { FinalNorm = false, StorageDType = options.StorageDType };
                var stack = options.Mode == LmStageMode.Random
                    ? LmBlockStack.CreateRandom(LmBlockStack.ReadConfig(options.Source), options.Layers, load, seed)
                    : LmBlockStack.Load(options.Source, options.Layers, load);
                if (options.Mode != LmStageMode.Random && expectedChecksum is not null && stack.Checksum != expectedChecksum)
                {
                    stack.Dispose();
                    throw new UserInputException(options.Source,
                        $"checkpoint checksum {stack.Checksum} differs from the one this run was trained with ({expectedChecksum})");
                }
                var config = stack.Config;
                var rms = options.FinalNorm ?? config.UsesRmsNorm;
                if (options.Mode == LmStageMode.Frozen)
                    stack.Freeze();
                var stage = new LmBlockStage(visualDim, stack, stack.Blocks, config.HiddenSize, options.Mode,
                    rms ? config.NormEps : null, options.Residual);
                return (stage, new LmStageInfo
                {
                    Mode = options.Mode,
                    Source = stack.Source,
                    Format = stack.Format,
                    Checksum = options.Mode == LmStageMode.Random ? null : stack.Checksum,
                    Architecture = config.ModelType,
                    Layers = [.. stack.LayerIndices],
                    LmHiddenSize = config.HiddenSize,
                    InnerDim = config.HiddenSize,
                    RmsNorm = rms,
                    Residual = options.Residual,
                    MapperParameters = stage.MapperParameterCount,
                    BlockParameters = stack.ParameterCount,
                });
            }
        }
    }
}
