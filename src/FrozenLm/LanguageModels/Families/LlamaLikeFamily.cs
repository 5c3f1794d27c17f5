using System.Text.Json;
using FrozenLm.LanguageModels.Checkpoints;
using FrozenLm.LanguageModels.Checkpoints.Gguf;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels.Families;

/// <summary>
/// What the llama-shaped families share: <see cref="LlamaBlock"/>, <c>model.layers.{i}.</c> keys, RMS norm and the
/// llama config.json keys. Subclasses say only how their attention biases are configured.
/// </summary>
public abstract class LlamaLikeFamily : ILmFamily
{
    public abstract string Name { get; }
    public IReadOnlyList<string> ModelTypes => [Name];
    public LmNormKind NormKind => LmNormKind.Rms;

    /// <summary>Whether q/k/v carry biases.</summary>
    protected abstract bool QkvBias(ConfigReader config);

    /// <summary>Whether the output projection carries a bias.</summary>
    protected abstract bool OutputBias(ConfigReader config);

    /// <summary>Writes the bias keys <see cref="QkvBias"/> and <see cref="OutputBias"/> read (none by default).</summary>
    protected virtual void WriteBiases(Utf8JsonWriter writer, LmConfig config)
    {
    }

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
            NumKvHeads = r.OptionalInt("num_key_value_heads") ?? heads,
            FfnSize = r.Int("intermediate_size"),
            NormEps = r.Double("rms_norm_eps", 1e-6),
            Activation = r.String("hidden_act", "silu")!,
            HeadDim = r.OptionalInt("head_dim") ?? hidden / Math.Max(heads, 1),
            QkvBias = QkvBias(r),
            OutputBias = OutputBias(r),
            MlpBias = r.Bool("mlp_bias", false),
            PreNorm = true,
            StoredDType = r.TorchDType(),
        };
    }

    public void WriteConfig(Utf8JsonWriter w, LmConfig config)
    {
        w.WriteNumber("num_key_value_heads", config.NumKvHeads);
        w.WriteNumber("intermediate_size", config.FfnSize);
        w.WriteNumber("rms_norm_eps", config.NormEps);
        w.WriteString("hidden_act", config.Activation);
        w.WriteNumber("head_dim", config.HeadDim);
        WriteBiases(w, config);
        w.WriteBoolean("mlp_bias", config.MlpBias);
    }

    public LmBlock CreateBlock(LmConfig config, int layerIndex, ScalarType storage) => new LlamaBlock(config, layerIndex, storage);

    public long ParameterCountPerLayer(LmConfig config) => LlamaBlock.ParameterCount(config);

    public IReadOnlyList<string> LayerPrefixes(int layer) =>
        [$"model.layers.{layer}.", $"layers.{layer}.", $"model.model.layers.{layer}.", $"language_model.model.layers.{layer}."];

    /// <summary>The family's GGUF binding; none unless a subclass names its GGUF architectures.</summary>
    public virtual IGgufBinding? Gguf => null;

    public override string ToString() => Name;
}
