using FrozenLm.LanguageModels.Checkpoints;

namespace FrozenLm.LanguageModels.Families;

/// <summary>Mistral (<c>model_type</c> "mistral"): the llama block without attention biases.</summary>
public sealed class MistralFamily : LlamaLikeFamily
{
    private MistralFamily()
        : base("mistral")
    {
    }

    public static MistralFamily Instance { get; } = new();

    protected override bool QkvBias(ConfigReader config) => false;

    protected override bool OutputBias(ConfigReader config) => false;
}
