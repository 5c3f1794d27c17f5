using System.Text.Json;
using FrozenLm.LanguageModels.Checkpoints;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels.Families;

/// <summary>OPT (<c>model_type</c> "opt"): <see cref="OptBlock"/>, pre- or post-LayerNorm, <c>model.decoder.layers.{i}.</c> keys.</summary>
public sealed class OptFamily : ILmFamily
{
    private OptFamily()
    {
    }

    public static OptFamily Instance { get; } = new();

    public string Name => "opt";
    public IReadOnlyList<string> ModelTypes { get; } = ["opt"];
    public LmNormKind NormKind => LmNormKind.Layer;

    public LmConfig Bind(ConfigReader r, string modelType)
    {
        var hidden = r.Int("hidden_size");
        var heads = r.Int("num_attention_heads");
        var bias = r.Bool("enable_bias", true);
        return new LmConfig
        {
            Family = this,
            ModelType = modelType,
            NumLayers = r.Int("num_hidden_layers"),
            HiddenSize = hidden,
            NumHeads = heads,
            NumKvHeads = heads,
            FfnSize = r.Int("ffn_dim"),
            NormEps = 1e-5,
            Activation = r.String("activation_function", "relu")!,
            HeadDim = hidden / Math.Max(heads, 1),
            QkvBias = bias,
            OutputBias = bias,
            MlpBias = bias,
            PreNorm = r.Bool("do_layer_norm_before", true),
            StoredDType = r.TorchDType(),
        };
    }

    public void WriteConfig(Utf8JsonWriter w, LmConfig config)
    {
        w.WriteNumber("ffn_dim", config.FfnSize);
        w.WriteString("activation_function", config.Activation);
        w.WriteBoolean("do_layer_norm_before", config.PreNorm);
        w.WriteBoolean("enable_bias", config.QkvBias);
    }

    public LmBlock CreateBlock(LmConfig config, int layerIndex, ScalarType storage) => new OptBlock(config, layerIndex, storage);

    public long ParameterCountPerLayer(LmConfig config) => OptBlock.ParameterCount(config);

    public IReadOnlyList<string> LayerPrefixes(int layer) =>
        [$"model.decoder.layers.{layer}.", $"decoder.layers.{layer}.", $"layers.{layer}."];

    public override string ToString() => Name;
}
