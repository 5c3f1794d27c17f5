using System.Text.Json;
using FrozenLm.LanguageModels.Checkpoints;
using FrozenLm.LanguageModels.Checkpoints.Gguf;
using FrozenLm.LanguageModels.Onnx;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels.Families;

/// <summary>
/// One language-model family: the Hugging Face <c>model_type</c>s it answers to, how its config.json binds to an
/// <see cref="LmConfig"/> (and back), its block class, where its layers sit in a state dict, and its norm kind.
/// A new family is one implementation plus its line in <see cref="LmFamilies"/>.
/// </summary>
public interface ILmFamily
{
    /// <summary>The family's name as <c>lm inspect</c> reports it ("llama", "bert", ...).</summary>
    string Name { get; }

    /// <summary>The config.json <c>model_type</c> values this family binds ("bert" and "roberta" for BERT).</summary>
    IReadOnlyList<string> ModelTypes { get; }

    /// <summary>The norm the family's blocks use; <see cref="LmNormKind.Rms"/> turns the paper's final RMS norm on.</summary>
    LmNormKind NormKind { get; }

    /// <summary>Binds a config.json of one of <see cref="ModelTypes"/> (not yet validated).</summary>
    LmConfig Bind(ConfigReader config, string modelType);

    /// <summary>Writes the family's own config.json keys, so that <see cref="Bind"/> reads <paramref name="config"/> back.</summary>
    void WriteConfig(Utf8JsonWriter writer, LmConfig config);

    /// <summary>A block with uninitialised parameters in <paramref name="storage"/> dtype.</summary>
    LmBlock CreateBlock(LmConfig config, int layerIndex, ScalarType storage);

    /// <summary>Parameters in one layer of <paramref name="config"/>, without building it.</summary>
    long ParameterCountPerLayer(LmConfig config);

    /// <summary>Candidate state-dict prefixes of layer <paramref name="layer"/>, the canonical one first.</summary>
    IReadOnlyList<string> LayerPrefixes(int layer);

    /// <summary>The layer the LM stage uses when none is given: the last one, as the paper uses LLaMA-7B's last block.</summary>
    int DefaultLayer(LmConfig config) => config.NumLayers - 1;

    /// <summary>How the family reads GGUF files (architecture names, metadata, tensor names); null when it does not.</summary>
    IGgufBinding? Gguf => null;

    /// <summary>How the family's block is written into an ONNX graph (<c>export</c>); null when it does not export.</summary>
    ILmBlockOnnx? Onnx => null;
}
