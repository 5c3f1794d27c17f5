using System.Text.Json;
using FrozenLm.LanguageModels.Checkpoints;
using FrozenLm.LanguageModels.Checkpoints.Gguf;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels.Families;

/// <summary>
/// Phi-3 and Phi-3.5 (<c>model_type</c> "phi3"): <see cref="Phi3Block"/> with fused <c>qkv_proj</c> and
/// <c>gate_up_proj</c>, <c>model.layers.{i}.</c> keys, RMS norm. The head size is <c>head_dim</c> when the config has it,
/// else hidden_size / num_attention_heads, which must then divide evenly.
/// </summary>
public sealed class Phi3Family : ILmFamily
{
    private Phi3Family()
    {
    }

    public static Phi3Family Instance { get; } = new();

    public string Name => "phi3";
    public IReadOnlyList<string> ModelTypes { get; } = ["phi3"];
    public LmNormKind NormKind => LmNormKind.Rms;

    public LmConfig Bind(ConfigReader r, string modelType)
    {
        var hidden = r.Int("hidden_size");
        var heads = r.Int("num_attention_heads");
        var headDim = r.OptionalInt("head_dim");
        if (headDim is null && heads > 0 && hidden % heads != 0)
            throw new UserInputException(r.Subject,
                $"hidden_size {hidden} is not divisible by num_attention_heads {heads} and there is no head_dim");
        return new LmConfig
        {
            Family = this,
            ModelType = modelType,
            NumLayers = r.Int("num_hidden_layers"),
            HiddenSize = hidden,
            NumHeads = heads,
            NumKvHeads = r.OptionalInt("num_key_value_heads") ?? heads,
            FfnSize = r.Int("intermediate_size"),
            NormEps = r.Double("rms_norm_eps", 1e-5),
            Activation = r.String("hidden_act", "silu")!,
            HeadDim = headDim ?? hidden / Math.Max(heads, 1),
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
    }

    public LmBlock CreateBlock(LmConfig config, int layerIndex, ScalarType storage) => new Phi3Block(config, layerIndex, storage);

    public long ParameterCountPerLayer(LmConfig config) => Phi3Block.ParameterCount(config);

    public IReadOnlyList<string> LayerPrefixes(int layer) =>
        [$"model.layers.{layer}.", $"layers.{layer}.", $"model.model.layers.{layer}.", $"language_model.model.layers.{layer}."];

    /// <summary>GGUF architecture "phi3": the fused <c>attn_qkv</c> and <c>ffn_up</c> (gate and up) tensors, rows in Hugging Face order.</summary>
    public IGgufBinding Gguf => field ??= new GgufBlockBinding(this, "phi3")
    {
        BlockTensors = GgufBlockBinding.StandardWith(("attn_qkv.weight", "self_attn.qkv_proj.weight"), ("ffn_up.weight", "mlp.gate_up_proj.weight")),
    };

    public override string ToString() => Name;
}
