using static TorchSharp.torch;

namespace FrozenLm.LanguageModels;

/// <summary>Builds the block class of a family (one switch; a new family adds one line here).</summary>
public static class LmBlockFactory
{
    /// <summary>A block with uninitialised parameters in <paramref name="storage"/> dtype.</summary>
    public static LmBlock Create(LmConfig config, int layerIndex, ScalarType storage) => config.Architecture switch
    {
        LmArchitecture.Llama or LmArchitecture.Mistral or LmArchitecture.Qwen2 => new LlamaBlock(config, layerIndex, storage),
        LmArchitecture.Opt => new OptBlock(config, layerIndex, storage),
        LmArchitecture.Gpt2 => new Gpt2Block(config, layerIndex, storage),
        LmArchitecture.Bert => new BertBlock(config, layerIndex, storage),
        _ => throw new ArgumentOutOfRangeException(nameof(config), config.Architecture, null),
    };

    /// <summary>Parameters in one layer of <paramref name="config"/>, without building it.</summary>
    public static long ParameterCountPerLayer(LmConfig config) => config.Architecture switch
    {
        LmArchitecture.Llama or LmArchitecture.Mistral or LmArchitecture.Qwen2 => LlamaBlock.ParameterCount(config),
        LmArchitecture.Opt => OptBlock.ParameterCount(config),
        LmArchitecture.Gpt2 => Gpt2Block.ParameterCount(config),
        LmArchitecture.Bert => BertBlock.ParameterCount(config),
        _ => throw new ArgumentOutOfRangeException(nameof(config), config.Architecture, null),
    };
}
