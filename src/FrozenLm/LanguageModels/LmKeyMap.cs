using FrozenLm.Tensors;

namespace FrozenLm.LanguageModels;

/// <summary>
/// Where a family keeps layer <c>i</c> in a Hugging Face state dict (<c>model.layers.{i}.</c>, <c>h.{i}.</c>, ...),
/// tolerant of the common wrapper prefixes. Names below the prefix equal the block's own state-dict keys.
/// </summary>
public static class LmKeyMap
{
    /// <summary>Candidate prefixes of layer <paramref name="layer"/>, the canonical one first.</summary>
    public static IReadOnlyList<string> LayerPrefixes(LmArchitecture architecture, int layer) => architecture switch
    {
        LmArchitecture.Llama or LmArchitecture.Mistral or LmArchitecture.Qwen2 =>
            [$"model.layers.{layer}.", $"layers.{layer}.", $"model.model.layers.{layer}.", $"language_model.model.layers.{layer}."],
        LmArchitecture.Opt => [$"model.decoder.layers.{layer}.", $"decoder.layers.{layer}.", $"layers.{layer}."],
        LmArchitecture.Gpt2 => [$"h.{layer}.", $"transformer.h.{layer}."],
        LmArchitecture.Bert =>
            [$"encoder.layer.{layer}.", $"bert.encoder.layer.{layer}.", $"roberta.encoder.layer.{layer}."],
        _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, null),
    };

    /// <summary>The name layer <paramref name="layer"/> gets in checkpoints FrozenLm writes.</summary>
    public static string CanonicalPrefix(LmArchitecture architecture, int layer) => LayerPrefixes(architecture, layer)[0];

    /// <summary>The first candidate prefix under which <paramref name="source"/> holds any tensor, or null.</summary>
    public static string? FindLayerPrefix(ITensorSource source, LmArchitecture architecture, int layer)
    {
        var prefixes = LayerPrefixes(architecture, layer);
        foreach (var prefix in prefixes)
        {
            if (source.Names.Any(n => n.StartsWith(prefix, StringComparison.Ordinal)))
                return prefix;
        }
        return null;
    }
}
