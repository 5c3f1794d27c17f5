using System.Text.Json;
using FrozenLm.LanguageModels.Checkpoints;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels.Families;

/// <summary>GPT-2 (<c>model_type</c> "gpt2"): <see cref="Gpt2Block"/>, <c>n_embd</c>-style keys, <c>h.{i}.</c> layers.</summary>
public sealed class Gpt2Family : ILmFamily
{
    private Gpt2Family()
    {
    }

    public static Gpt2Family Instance { get; } = new();

    public string Name => "gpt2";
    public IReadOnlyList<string> ModelTypes { get; } = ["gpt2"];
    public LmNormKind NormKind => LmNormKind.Layer;

    public LmConfig Bind(ConfigReader r, string modelType)
    {
        var hidden = r.Int("n_embd", "hidden_size");
        var heads = r.Int("n_head", "num_attention_heads");
        return new LmConfig
        {
            Family = this,
            ModelType = modelType,
            NumLayers = r.Int("n_layer", "num_hidden_layers"),
            HiddenSize = hidden,
            NumHeads = heads,
            NumKvHeads = heads,
            FfnSize = r.OptionalInt("n_inner") ?? 4 * hidden,
            NormEps = r.Double("layer_norm_epsilon", 1e-5),
            Activation = r.String("activation_function", "gelu_new")!,
            HeadDim = hidden / Math.Max(heads, 1),
            QkvBias = true,
            OutputBias = true,
            MlpBias = true,
            PreNorm = true,
            StoredDType = r.TorchDType(),
        };
    }

    public void WriteConfig(Utf8JsonWriter w, LmConfig config)
    {
        w.WriteNumber("n_inner", config.FfnSize);
        w.WriteNumber("layer_norm_epsilon", config.NormEps);
        w.WriteString("activation_function", config.Activation);
    }

    public LmBlock CreateBlock(LmConfig config, int layerIndex, ScalarType storage) => new Gpt2Block(config, layerIndex, storage);

    public long ParameterCountPerLayer(LmConfig config) => Gpt2Block.ParameterCount(config);

    public IReadOnlyList<string> LayerPrefixes(int layer) => [$"h.{layer}.", $"transformer.h.{layer}."];

    public override string ToString() => Name;
}
