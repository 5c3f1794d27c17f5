using System.Text.Json;
using FrozenLm.LanguageModels.Checkpoints;
using FrozenLm.LanguageModels.Checkpoints.Gguf;
using static TorchSharp.torch;
using FrozenLm.LanguageModels.Onnx;

namespace FrozenLm.LanguageModels.Families;

/// <summary>
/// Phi-3 and Phi-3.5 (<c>model_type</c> "phi3"): <see cref="Phi3Block"/> with fused <c>qkv_proj</c> and
/// <c>gate_up_proj</c>, <c>model.layers.{i}.</c> keys, RMS norm. The head size is <c>head_dim</c> when the config has it,
/// else hidden_size / num_attention_heads, which must then divide evenly.
/// </summary>
public sealed class Phi3Family : LmFamily
{
    private Phi3Family()
        : base("phi3", LmNormKind.Rms)
    {
    }

    public static Phi3Family Instance { get; } = new();

    public override LmConfig Bind(ConfigReader r, string modelType)
    {
        var hidden = r.Int("hidden_size");
        var heads = r.Int("num_attention_heads");
        if (r.OptionalInt("head_dim") is null && heads > 0 && hidden % heads != 0)
            throw new UserInputException(r.Subject,
                $"hidden_size {hidden} is not divisible by num_attention_heads {heads} and there is no head_dim");
        return BindRmsDecoder(r, modelType, 1e-5, "hidden_act", "silu");
    }

    public override void WriteConfig(Utf8JsonWriter w, LmConfig config) => WriteRmsDecoder(w, config, "hidden_act");

    public override ILmBlockOnnx Onnx => LmDecoderBlockOnnx.Rms;

    public override LmBlock CreateBlock(LmConfig config, int layerIndex, ScalarType storage) => new Phi3Block(config, layerIndex, storage);

    public override long ParameterCountPerLayer(LmConfig config) => Phi3Block.ParameterCount(config);

    public override IReadOnlyList<string> LayerPrefixes(int layer) => DecoderLayerPrefixes(layer);

    /// <summary>GGUF architecture "phi3": the fused <c>attn_qkv</c> and <c>ffn_up</c> (gate and up) tensors, rows in Hugging Face order.</summary>
    public override IGgufBinding Gguf => field ??= new GgufBlockBinding(this, "phi3")
    {
        BlockTensors = GgufBlockBinding.StandardWith(("attn_qkv.weight", "self_attn.qkv_proj.weight"), ("ffn_up.weight", "mlp.gate_up_proj.weight")),
    };
}
