using System.Text.Json;
using FrozenLm.LanguageModels.Checkpoints;
using static TorchSharp.torch;
using FrozenLm.LanguageModels.Onnx;

namespace FrozenLm.LanguageModels.Families;

/// <summary>GPT-2 (<c>model_type</c> "gpt2"): <see cref="Gpt2Block"/>, <c>n_embd</c>-style keys, <c>h.{i}.</c> layers.</summary>
public sealed class Gpt2Family : LmFamily
{
    private Gpt2Family()
        : base("gpt2", LmNormKind.Layer)
    {
    }

    public static Gpt2Family Instance { get; } = new();

    public override LmConfig Bind(ConfigReader r, string modelType)
    {
        var hidden = r.Int("n_embd", "hidden_size");
        return BindMultiHead(r, modelType,
            hidden: hidden,
            heads: r.Int("n_head", "num_attention_heads"),
            layers: r.Int("n_layer", "num_hidden_layers"),
            ffn: r.OptionalInt("n_inner") ?? 4 * hidden,
            eps: r.Double("layer_norm_epsilon", 1e-5),
            activation: r.String("activation_function", "gelu_new")!,
            bias: true,
            preNorm: true);
    }

    public override void WriteConfig(Utf8JsonWriter w, LmConfig config)
    {
        w.WriteNumber("n_inner", config.FfnSize);
        w.WriteNumber("layer_norm_epsilon", config.NormEps);
        w.WriteString("activation_function", config.Activation);
    }

    public override ILmBlockOnnx Onnx => Gpt2BlockOnnx.Instance;

    public override LmBlock CreateBlock(LmConfig config, int layerIndex, ScalarType storage) => new Gpt2Block(config, layerIndex, storage);

    public override long ParameterCountPerLayer(LmConfig config) => Gpt2Block.ParameterCount(config);

    public override IReadOnlyList<string> LayerPrefixes(int layer) => [$"h.{layer}.", $"transformer.h.{layer}."];
}
