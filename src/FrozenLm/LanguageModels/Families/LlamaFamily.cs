using System.Text.Json;
using FrozenLm.LanguageModels.Checkpoints;
using FrozenLm.LanguageModels.Checkpoints.Gguf;

namespace FrozenLm.LanguageModels.Families;

/// <summary>LLaMA (<c>model_type</c> "llama"): <c>attention_bias</c> puts biases on q/k/v and the output projection.</summary>
public sealed class LlamaFamily : LlamaLikeFamily
{
    private LlamaFamily()
        : base("llama")
    {
    }

    public static LlamaFamily Instance { get; } = new();

    /// <summary>GGUF architecture "llama" (LLaMA 1/2/3, Mistral, TinyLlama, SmolLM), q/k rows interleaved by the converter.</summary>
    public override IGgufBinding Gguf => field ??= new GgufBlockBinding(this, "llama") { RopePermuted = true };

    protected override bool QkvBias(ConfigReader config) => config.Bool("attention_bias", false);

    protected override bool OutputBias(ConfigReader config) => config.Bool("attention_bias", false);

    protected override void WriteBiases(Utf8JsonWriter writer, LmConfig config) =>
        writer.WriteBoolean("attention_bias", config.QkvBias);
}
