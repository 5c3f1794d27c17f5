using System.Text.Json;
using FrozenLm.LanguageModels.Checkpoints;
using FrozenLm.LanguageModels.Checkpoints.Gguf;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels.Families;

/// <summary>
/// Gemma 1 (<c>model_type</c> "gemma"): <see cref="GemmaBlock"/>, <c>model.layers.{i}.</c> keys, RMS norm. As in
/// Hugging Face, <c>head_dim</c> defaults to 256 and the activation is <c>hidden_activation</c> (default
/// gelu_pytorch_tanh; the legacy <c>hidden_act</c> is ignored); <c>attention_bias</c> puts biases on q/k/v/o.
/// </summary>
public sealed class GemmaFamily : ILmFamily
{
    private const int DefaultHeadDim = 256;

    private GemmaFamily()
    {
    }

    public static GemmaFamily Instance { get; } = new();

    public string Name => "gemma";
    public IReadOnlyList<string> ModelTypes { get; } = ["gemma"];
    public LmNormKind NormKind => LmNormKind.Rms;

    public LmConfig Bind(ConfigReader r, string modelType)
    {
        var heads = r.Int("num_attention_heads");
        var bias = r.Bool("attention_bias", false);
        return new LmConfig
        {
            Family = this,
            ModelType = modelType,
            NumLayers = r.Int("num_hidden_layers"),
            HiddenSize = r.Int("hidden_size"),
            NumHeads = heads,
            NumKvHeads = r.OptionalInt("num_key_value_heads") ?? heads,
            FfnSize = r.Int("intermediate_size"),
            NormEps = r.Double("rms_norm_eps", 1e-6),
            Activation = r.String("hidden_activation", "gelu_pytorch_tanh")!,
            HeadDim = r.OptionalInt("head_dim") ?? DefaultHeadDim,
            QkvBias = bias,
            OutputBias = bias,
            PreNorm = true,
            StoredDType = r.TorchDType(),
        };
    }

    public void WriteConfig(Utf8JsonWriter w, LmConfig config)
    {
        w.WriteNumber("num_key_value_heads", config.NumKvHeads);
        w.WriteNumber("head_dim", config.HeadDim);
        w.WriteNumber("intermediate_size", config.FfnSize);
        w.WriteNumber("rms_norm_eps", config.NormEps);
        w.WriteString("hidden_activation", config.Activation);
        w.WriteBoolean("attention_bias", config.QkvBias);
    }

    public LmBlock CreateBlock(LmConfig config, int layerIndex, ScalarType storage) => new GemmaBlock(config, layerIndex, storage);

    public long ParameterCountPerLayer(LmConfig config) => GemmaBlock.ParameterCount(config);

    public IReadOnlyList<string> LayerPrefixes(int layer) =>
        [$"model.layers.{layer}.", $"layers.{layer}.", $"model.model.layers.{layer}.", $"language_model.model.layers.{layer}."];

    /// <summary>GGUF architecture "gemma": llama.cpp stores the norm weights as 1 + w, so 1 is taken off on read.</summary>
    public IGgufBinding Gguf => field ??= new GgufBlockBinding(this, "gemma")
    {
        Activation = "gelu_pytorch_tanh",
        DefaultHeadDim = DefaultHeadDim,
        NormOffset = 1f,
    };

    public override string ToString() => Name;
}
