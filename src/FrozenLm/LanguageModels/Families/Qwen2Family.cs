using FrozenLm.LanguageModels.Checkpoints;
using FrozenLm.LanguageModels.Checkpoints.Gguf;

namespace FrozenLm.LanguageModels.Families;

/// <summary>Qwen2 (<c>model_type</c> "qwen2"): the llama block with q/k/v biases and no output bias.</summary>
public sealed class Qwen2Family : LlamaLikeFamily
{
    private Qwen2Family()
        : base("qwen2")
    {
    }

    public static Qwen2Family Instance { get; } = new();

    /// <summary>GGUF architecture "qwen2", stored in Hugging Face row order.</summary>
    public override IGgufBinding Gguf => field ??= new GgufBlockBinding(this, "qwen2");

    protected override bool QkvBias(ConfigReader config) => true;

    protected override bool OutputBias(ConfigReader config) => false;
}
