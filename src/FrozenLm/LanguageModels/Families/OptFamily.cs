using System.Text.Json;
using FrozenLm.LanguageModels.Checkpoints;
using static TorchSharp.torch;
using FrozenLm.LanguageModels.Onnx;

namespace FrozenLm.LanguageModels.Families;

/// <summary>OPT (<c>model_type</c> "opt"): <see cref="OptBlock"/>, pre- or post-LayerNorm, <c>model.decoder.layers.{i}.</c> keys.</summary>
public sealed class OptFamily : LmFamily
{
    private OptFamily()
        : base("opt", LmNormKind.Layer)
    {
    }

    public static OptFamily Instance { get; } = new();

    public override LmConfig Bind(ConfigReader r, string modelType) => BindMultiHead(r, modelType,
        hidden: r.Int("hidden_size"),
        heads: r.Int("num_attention_heads"),
        layers: r.Int("num_hidden_layers"),
        ffn: r.Int("ffn_dim"),
        eps: 1e-5,
        activation: r.String("activation_function", "relu")!,
        bias: r.Bool("enable_bias", true),
        preNorm: r.Bool("do_layer_norm_before", true));

    public override void WriteConfig(Utf8JsonWriter w, LmConfig config)
    {
        w.WriteNumber("ffn_dim", config.FfnSize);
        w.WriteString("activation_function", config.Activation);
        w.WriteBoolean("do_layer_norm_before", config.PreNorm);
        w.WriteBoolean("enable_bias", config.QkvBias);
    }

    public override ILmBlockOnnx Onnx => OptBlockOnnx.Instance;

    public override LmBlock CreateBlock(LmConfig config, int layerIndex, ScalarType storage) => new OptBlock(config, layerIndex, storage);

    public override long ParameterCountPerLayer(LmConfig config) => OptBlock.ParameterCount(config);

    public override IReadOnlyList<string> LayerPrefixes(int layer) =>
        [$"model.decoder.layers.{layer}.", $"decoder.layers.{layer}.", $"layers.{layer}."];
}
