using System.Text.Json;
using FrozenLm.LanguageModels.Checkpoints;
using FrozenLm.LanguageModels.Checkpoints.Gguf;
using static TorchSharp.torch;
using FrozenLm.LanguageModels.Onnx;

namespace FrozenLm.LanguageModels.Families;

/// <summary>
/// Gemma 1 (<c>model_type</c> "gemma"): <see cref="GemmaBlock"/>, <c>model.layers.{i}.</c> keys, RMS norm. As in
/// Hugging Face, <c>head_dim</c> defaults to 256 and the activation is <c>hidden_activation</c> (default
/// gelu_pytorch_tanh; the legacy <c>hidden_act</c> is ignored); <c>attention_bias</c> puts biases on q/k/v/o.
/// </summary>
public sealed class GemmaFamily : LmFamily
{
    private const int DefaultHeadDim = 256;
    private const string ActivationKey = "hidden_activation";

    private GemmaFamily()
        : base("gemma", LmNormKind.Rms)
    {
    }

    public static GemmaFamily Instance { get; } = new();

    public override LmConfig Bind(ConfigReader r, string modelType)
    {
        var bias = r.Bool("attention_bias", false);
        return BindRmsDecoder(r, modelType, 1e-6, ActivationKey, "gelu_pytorch_tanh", DefaultHeadDim) with
        {
            QkvBias = bias,
            OutputBias = bias,
        };
    }

    public override void WriteConfig(Utf8JsonWriter w, LmConfig config)
    {
        WriteRmsDecoder(w, config, ActivationKey);
        w.WriteBoolean("attention_bias", config.QkvBias);
    }

    public override ILmBlockOnnx Onnx => LmDecoderBlockOnnx.GemmaRms;

    public override LmBlock CreateBlock(LmConfig config, int layerIndex, ScalarType storage) => new GemmaBlock(config, layerIndex, storage);

    public override long ParameterCountPerLayer(LmConfig config) => GemmaBlock.ParameterCount(config);

    public override IReadOnlyList<string> LayerPrefixes(int layer) => DecoderLayerPrefixes(layer);

    /// <summary>GGUF architecture "gemma": llama.cpp stores the norm weights as 1 + w, so 1 is taken off on read.</summary>
    public override IGgufBinding Gguf => field ??= new GgufBlockBinding(this, "gemma")
    {
        Activation = "gelu_pytorch_tanh",
        DefaultHeadDim = DefaultHeadDim,
        NormOffset = 1f,
    };
}
