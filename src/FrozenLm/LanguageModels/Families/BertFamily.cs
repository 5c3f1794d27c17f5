using System.Text.Json;
using FrozenLm.LanguageModels.Checkpoints;
using static TorchSharp.torch;
using FrozenLm.LanguageModels.Onnx;

namespace FrozenLm.LanguageModels.Families;

/// <summary>BERT and RoBERTa (<c>model_type</c> "bert", "roberta"): post-LayerNorm <see cref="BertBlock"/>, <c>encoder.layer.{i}.</c> keys.</summary>
public sealed class BertFamily : LmFamily
{
    private BertFamily()
        : base("bert", LmNormKind.Layer, "bert", "roberta")
    {
    }

    public static BertFamily Instance { get; } = new();

    public override LmConfig Bind(ConfigReader r, string modelType) => BindMultiHead(r, modelType,
        hidden: r.Int("hidden_size"),
        heads: r.Int("num_attention_heads"),
        layers: r.Int("num_hidden_layers"),
        ffn: r.Int("intermediate_size"),
        eps: r.Double("layer_norm_eps", 1e-12),
        activation: r.String("hidden_act", "gelu")!,
        bias: true,
        preNorm: false);

    public override void WriteConfig(Utf8JsonWriter w, LmConfig config)
    {
        w.WriteNumber("intermediate_size", config.FfnSize);
        w.WriteNumber("layer_norm_eps", config.NormEps);
        w.WriteString("hidden_act", config.Activation);
    }

    public override ILmBlockOnnx Onnx => BertBlockOnnx.Instance;

    public override LmBlock CreateBlock(LmConfig config, int layerIndex, ScalarType storage) => new BertBlock(config, layerIndex, storage);

    public override long ParameterCountPerLayer(LmConfig config) => BertBlock.ParameterCount(config);

    public override IReadOnlyList<string> LayerPrefixes(int layer) =>
        [$"encoder.layer.{layer}.", $"bert.encoder.layer.{layer}.", $"roberta.encoder.layer.{layer}."];
}
