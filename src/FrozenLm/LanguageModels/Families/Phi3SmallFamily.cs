using System.Text.Json;
using FrozenLm.LanguageModels.Checkpoints;
using static TorchSharp.torch;
using FrozenLm.LanguageModels.Onnx;

namespace FrozenLm.LanguageModels.Families;

/// <summary>
/// Phi-3-small (<c>model_type</c> "phi3small", remote code <c>Phi3SmallForCausalLM</c>): <see cref="Phi3SmallBlock"/>,
/// <c>model.layers.{i}.</c> keys, LayerNorm, the configuration class's defaults (8 key/value heads). The FFN width is
/// <c>ff_intermediate_size</c> or else <c>ff_dim_multiplier</c> x (hidden / 3) x 2 rounded up to 256 (one is required: the
/// class's 7B default 14336 is not assumed), the activation must be <c>gegelu</c> (bound as its gate's quick_gelu with
/// <c>gegelu_limit</c>, default 20), and with <c>mup_use_scaling</c> (default on) the attention scale is
/// <c>mup_attn_multiplier</c> / head_dim instead of 1 / sqrt(head_dim).
/// </summary>
public sealed class Phi3SmallFamily : ILmFamily
{
    private Phi3SmallFamily()
    {
    }

    public static Phi3SmallFamily Instance { get; } = new();

    public string Name => "phi3small";
    public IReadOnlyList<string> ModelTypes { get; } = ["phi3small"];
    public LmNormKind NormKind => LmNormKind.Layer;

    public LmConfig Bind(ConfigReader r, string modelType)
    {
        var hidden = r.Int("hidden_size");
        var heads = r.Int("num_attention_heads");
        var headDim = hidden / Math.Max(heads, 1);
        var activation = r.String("hidden_act", "gegelu");
        if (activation != "gegelu")
            throw new UserInputException(r.Subject, $"hidden_act '{activation}' is not supported by phi3small; it must be gegelu");
        var limit = r.Double("gegelu_limit", 20.0);
        if (!(limit > 0))
            throw new UserInputException(r.Subject, $"gegelu_limit {limit} must be positive");
        var multiplier = r.Double("mup_attn_multiplier", 1.0);
        if (!(multiplier > 0))
            throw new UserInputException(r.Subject, $"mup_attn_multiplier {multiplier} must be positive");
        return new LmConfig
        {
            Family = this,
            ModelType = modelType,
            NumLayers = r.Int("num_hidden_layers"),
            HiddenSize = hidden,
            NumHeads = heads,
            NumKvHeads = r.OptionalInt("num_key_value_heads") ?? 8,
            FfnSize = FfnSize(r, hidden),
            NormEps = r.Double("layer_norm_epsilon", 1e-5),
            Activation = "quick_gelu",
            ActivationLimit = limit,
            AttentionScale = r.Bool("mup_use_scaling", true) ? multiplier / Math.Max(headDim, 1) : null,
            HeadDim = headDim,
            QkvBias = true,
            OutputBias = true,
            MlpBias = true,
            PreNorm = true,
            StoredDType = r.TorchDType(),
        };
    }

    private static int FfnSize(ConfigReader r, int hidden)
    {
        var size = r.OptionalInt("ff_intermediate_size");
        var multiplier = r.Double("ff_dim_multiplier", double.NaN);
        if (size is not null && !double.IsNaN(multiplier))
            throw new UserInputException(r.Subject, "has both 'ff_intermediate_size' and 'ff_dim_multiplier'; give one");
        if (size is not null)
            return size.Value;
        if (double.IsNaN(multiplier))
            throw new UserInputException(r.Subject, "has no 'ff_intermediate_size' or 'ff_dim_multiplier'");
        var width = multiplier * (hidden / 3) * 2;
        if (!(width > 0 && width == Math.Floor(width) && width <= int.MaxValue))
            throw new UserInputException(r.Subject, $"ff_dim_multiplier {multiplier} gives a non-integral FFN width {width}");
        var ffn = (int)width;
        return r.Bool("gegelu_pad_to_256", true) ? (ffn + 255) / 256 * 256 : ffn;
    }

    public void WriteConfig(Utf8JsonWriter w, LmConfig config)
    {
        w.WriteNumber("num_key_value_heads", config.NumKvHeads);
        w.WriteNumber("ff_intermediate_size", config.FfnSize);
        w.WriteNumber("layer_norm_epsilon", config.NormEps);
        w.WriteString("hidden_act", "gegelu");
        w.WriteNumber("gegelu_limit", config.ActivationLimit ?? 20.0);
        w.WriteBoolean("mup_use_scaling", config.AttentionScale is not null);
        if (config.AttentionScale is { } scale)
            w.WriteNumber("mup_attn_multiplier", scale * config.HeadDim);
    }

    public LmBlock CreateBlock(LmConfig config, int layerIndex, ScalarType storage) => new Phi3SmallBlock(config, layerIndex, storage);

    public ILmBlockOnnx Onnx => Phi3SmallBlockOnnx.Instance;

    public long ParameterCountPerLayer(LmConfig config) => Phi3SmallBlock.ParameterCount(config);

    public IReadOnlyList<string> LayerPrefixes(int layer) =>
        [$"model.layers.{layer}.", $"layers.{layer}.", $"model.model.layers.{layer}."];

    public override string ToString() => Name;
}
