using System.Text.Json;
using FrozenLm.LanguageModels.Checkpoints;
using static TorchSharp.torch;
using FrozenLm.LanguageModels.Onnx;

namespace FrozenLm.LanguageModels.Families;

/// <summary>
/// What the llama-shaped families share: <see cref="LlamaBlock"/>, <c>model.layers.{i}.</c> keys, RMS norm and the
/// llama config.json keys. Subclasses say only how their attention biases are configured.
/// </summary>
public abstract class LlamaLikeFamily : LmFamily
{
    /// <summary>A llama-shaped family binding the <c>model_type</c> <paramref name="name"/>.</summary>
    protected LlamaLikeFamily(string name)
        : base(name, LmNormKind.Rms)
    {
    }

    /// <summary>Whether q/k/v carry biases.</summary>
    protected abstract bool QkvBias(ConfigReader config);

    /// <summary>Whether the output projection carries a bias.</summary>
    protected abstract bool OutputBias(ConfigReader config);

    /// <summary>Writes the bias keys <see cref="QkvBias"/> and <see cref="OutputBias"/> read (none by default).</summary>
    protected virtual void WriteBiases(Utf8JsonWriter writer, LmConfig config)
    {
    }

    public override LmConfig Bind(ConfigReader r, string modelType) =>
        BindRmsDecoder(r, modelType, 1e-6, "hidden_act", "silu") with
        {
            QkvBias = QkvBias(r),
            OutputBias = OutputBias(r),
            MlpBias = r.Bool("mlp_bias", false),
        };

    public override void WriteConfig(Utf8JsonWriter w, LmConfig config)
    {
        WriteRmsDecoder(w, config, "hidden_act");
        WriteBiases(w, config);
        w.WriteBoolean("mlp_bias", config.MlpBias);
    }

    public override ILmBlockOnnx Onnx => LmDecoderBlockOnnx.Rms;

    public override LmBlock CreateBlock(LmConfig config, int layerIndex, ScalarType storage) => new LlamaBlock(config, layerIndex, storage);

    public override long ParameterCountPerLayer(LmConfig config) => LlamaBlock.ParameterCount(config);

    public override IReadOnlyList<string> LayerPrefixes(int layer) => DecoderLayerPrefixes(layer);
}
