using FrozenLm.LanguageModels;

namespace FrozenLm.FrozenStage.Variants;

/// <summary>The paper's MLP control: an <see cref="MlpStage"/> sized from the LM's hidden width to match the frozen
/// variant's trainable parameter count; the LM's layers are resolved and recorded but no block is loaded.</summary>
public sealed class MlpVariant : IStageVariant
{
    public const string VariantName = "mlp";

    public string Name => VariantName;
    public string Description => "trainable MLP with the same trainable parameter count (the paper's control)";
    public string Label => "the same-size MLP";
    public string Color => "#ea580c";

    public (LmStage? Stage, LmStageInfo Info) Build(StageBuildRequest request)
    {
        var options = request.Options;
        var config = LmBlockStack.ReadConfig(options.Source);
        var layers = LmStageFactory.ResolveLayers(config, options.Layers, options.Source);
        var stage = new MlpStage(request.VisualDim, config.HiddenSize);
        return (stage, new LmStageInfo
        {
            Mode = LmStageMode.Mlp, Source = options.Source, Architecture = config.ModelType, Layers = layers,
            LmHiddenSize = config.HiddenSize, InnerDim = stage.InnerDim, MapperParameters = stage.MapperParameterCount,
        });
    }
}
