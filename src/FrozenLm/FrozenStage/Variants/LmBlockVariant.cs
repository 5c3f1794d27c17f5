using FrozenLm.LanguageModels;
using FrozenLm.LanguageModels.Checkpoints;

namespace FrozenLm.FrozenStage.Variants;

/// <summary>
/// The variants that run LM blocks in an <see cref="LmBlockStage"/>: the blocks come from the checkpoint or from a
/// seeded Hugging Face initialisation, and are frozen or trained. The RMS norm follows the family's norm kind unless
/// the options override it.
/// </summary>
public abstract class LmBlockVariant : IStageVariant
{
    public abstract string Name { get; }
    public abstract string Description { get; }
    public abstract string Label { get; }
    public abstract string Color { get; }

    /// <summary>Whether the block weights are the checkpoint's (false: random init drawn from the request's seed).</summary>
    public abstract bool Pretrained { get; }

    /// <summary>Whether the block's parameters train (false: frozen, gradients still flow through).</summary>
    public abstract bool TrainsBlocks { get; }

    public (LmStage? Stage, LmStageInfo Info) Build(StageBuildRequest request)
    {
        var options = request.Options;
        var load = new LmLoadOptions { FinalNorm = false, StorageDType = options.StorageDType };
        LmBlockStack stack;
        using (var checkpoint = LmCheckpointLoader.Open(options.Source))
        {
            var layers = LmStageFactory.ResolveLayers(checkpoint.Config, options.Layers, options.Source);
            stack = Pretrained
                ? LmBlockStack.Load(checkpoint, layers, load)
                : LmBlockStack.CreateRandom(checkpoint.Config, layers, load, request.Seed);
        }
        if (Pretrained && request.ExpectedChecksum is { } expected && stack.Checksum != expected)
        {
            stack.Dispose();
            throw new UserInputException(options.Source,
                $"checkpoint checksum {stack.Checksum} differs from the one this run was trained with ({expected})");
        }
        var config = stack.Config;
        var rms = options.FinalNorm ?? config.UsesRmsNorm;
        if (!TrainsBlocks)
            stack.Freeze();
        var mode = new LmStageMode(Name);
        var stage = new LmBlockStage(request.VisualDim, stack, stack.Blocks, config.HiddenSize, mode,
            rms ? config.NormEps : null, options.Residual);
        return (stage, new LmStageInfo
        {
            Mode = mode,
            Source = stack.Source,
            Format = stack.Format,
            Checksum = Pretrained ? stack.Checksum : null,
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
