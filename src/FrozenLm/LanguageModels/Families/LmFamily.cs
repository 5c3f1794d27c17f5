using System.Text.Json;
using FrozenLm.LanguageModels.Checkpoints;
using FrozenLm.LanguageModels.Checkpoints.Gguf;
using FrozenLm.LanguageModels.Onnx;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels.Families;

/// <summary>
/// What every family shares: its name, model types and norm kind, and the config.json bindings common to several
/// families (the llama-style RMS decoders, and the multi-head families whose biases are all on or all off).
/// </summary>
public abstract class LmFamily : ILmFamily
{
    /// <summary>A family named <paramref name="name"/> binding <paramref name="modelTypes"/> (just its name when none).</summary>
    protected LmFamily(string name, LmNormKind normKind, params string[] modelTypes)
    {
        Name = name;
        NormKind = normKind;
        ModelTypes = modelTypes.Length == 0 ? [name] : modelTypes;
    }

    public string Name { get; }
    public IReadOnlyList<string> ModelTypes { get; }
    public LmNormKind NormKind { get; }

    /// <summary>The family's GGUF binding; none unless a family names its GGUF architectures.</summary>
    public virtual IGgufBinding? Gguf => null;

    /// <summary>The family's ONNX block emission; none unless a family provides one.</summary>
    public virtual ILmBlockOnnx? Onnx => null;

    public abstract LmConfig Bind(ConfigReader config, string modelType);

    public abstract void WriteConfig(Utf8JsonWriter writer, LmConfig config);

    public abstract LmBlock CreateBlock(LmConfig config, int layerIndex, ScalarType storage);

    public abstract long ParameterCountPerLayer(LmConfig config);

    public abstract IReadOnlyList<string> LayerPrefixes(int layer);

    public override string ToString() => Name;

    /// <summary>Where Hugging Face decoder models keep layer <paramref name="layer"/>: <c>model.layers.{i}.</c> and its wrappings.</summary>
    protected static IReadOnlyList<string> DecoderLayerPrefixes(int layer) =>
        [$"model.layers.{layer}.", $"layers.{layer}.", $"model.model.layers.{layer}.", $"language_model.model.layers.{layer}."];

    /// <summary>
    /// The llama-style keys (sizes, <c>num_key_value_heads</c>, <c>rms_norm_eps</c>, <c>head_dim</c>), pre-norm and
    /// without biases; the head size falls back to <paramref name="defaultHeadDim"/>, else hidden_size / heads.
    /// </summary>
    protected LmConfig BindRmsDecoder(ConfigReader r, string modelType, double defaultEps, string activationKey,
        string defaultActivation, int? defaultHeadDim = null)
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
            NormEps = r.Double("rms_norm_eps", defaultEps),
            Activation = r.String(activationKey, defaultActivation)!,
            HeadDim = r.OptionalInt("head_dim") ?? defaultHeadDim ?? hidden / Math.Max(heads, 1),
            PreNorm = true,
            StoredDType = r.TorchDType(),
        };
    }

    /// <summary>Writes the keys <see cref="BindRmsDecoder"/> reads, the activation under <paramref name="activationKey"/>.</summary>
    protected static void WriteRmsDecoder(Utf8JsonWriter w, LmConfig config, string activationKey)
    {
        w.WriteNumber("num_key_value_heads", config.NumKvHeads);
        w.WriteNumber("head_dim", config.HeadDim);
        w.WriteNumber("intermediate_size", config.FfnSize);
        w.WriteNumber("rms_norm_eps", config.NormEps);
        w.WriteString(activationKey, config.Activation);
    }

    /// <summary>A multi-head config (as many kv heads as heads, hidden_size / heads each) with every bias on or off.</summary>
    protected LmConfig BindMultiHead(ConfigReader r, string modelType, int hidden, int heads, int layers, int ffn,
        double eps, string activation, bool bias, bool preNorm) => new()
    {
        Family = this,
        ModelType = modelType,
        NumLayers = layers,
        HiddenSize = hidden,
        NumHeads = heads,
        NumKvHeads = heads,
        FfnSize = ffn,
        NormEps = eps,
        Activation = activation,
        HeadDim = hidden / Math.Max(heads, 1),
        QkvBias = bias,
        OutputBias = bias,
        MlpBias = bias,
        PreNorm = preNorm,
        StoredDType = r.TorchDType(),
    };
}
