namespace FrozenLm.LanguageModels;

/// <summary>The language-model families whose blocks FrozenLm can run.</summary>
public enum LmArchitecture
{
    Llama,
    Mistral,
    Qwen2,
    Opt,
    Gpt2,
    Bert,
}
