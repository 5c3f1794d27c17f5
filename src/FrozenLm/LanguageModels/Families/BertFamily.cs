using System.Text.Json;
using FrozenLm.LanguageModels.Checkpoints;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels.Families;

/// <summary>BERT and RoBERTa (<c>model_type</c> "bert", "roberta"): post-LayerNorm <see cref="BertBlock"/>, <c>encoder.layer.{i}.</c> keys.</summary>
public sealed class BertFamily : ILmFamily
{
    private BertFamily()
    {
    }

    public static BertFamily Instance { get; } = new();

    public string Name => "bert";
    public IReadOnlyList<string> ModelTypes { get; } = ["bert", "roberta"];
    public LmNormKind NormKind => LmNormKind.Layer;

    public LmConfig Bind(ConfigReader r, string modelType)
    {
        var hidden = r.Int("hidden_size");
        var heads = r.Int("num_attention_heads");
        return new LmConfig
        {
            Family = this,
            ModelType = modelType,
            NumLayers = r.Int("num_hidden_layers"),
            HiddenSize = hidden,
            NumHeads = heads,
            NumKvHeads = heads,
            FfnSize = r.Int("intermediate_size"),
            NormEps = r.Double("layer_norm_eps", 1e-12),
            Activation = r.String("hidden_act", "gelu")!,
            HeadDim = hidden / Math.Max(heads, 1),
            QkvBias = true,
            OutputBias = true,
            MlpBias = true,
            PreNorm = false,
            StoredDType = r.TorchDType(),
        };
    }

    public void WriteConfig(Utf8JsonWriter w, LmConfig config)
    {
        w.WriteNumber("intermediate_size", config.FfnSize);
        w.WriteNumber("layer_norm_eps", config.NormEps);
        w.WriteString("hidden_act", config.Activation);
    }

    public LmBlock CreateBlock(LmConfig config, int layerIndex, ScalarType storage) => new BertBlock(config, layerIndex, storage);

    public long ParameterCountPerLayer(LmConfig config) => BertBlock.ParameterCount(config);

    public IReadOnlyList<string> LayerPrefixes(int layer) =>
        [$"encoder.layer.{layer}.", $"bert.encoder.layer.{layer}.", $"roberta.encoder.layer.{layer}."];

    public override string ToString() => Name;
}
