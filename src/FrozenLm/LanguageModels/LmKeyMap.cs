using FrozenLm.LanguageModels.Families;
using FrozenLm.Tensors;

namespace FrozenLm.LanguageModels;

/// <summary>
/// Where a family keeps layer <c>i</c> in a Hugging Face state dict (the family's <see cref="ILmFamily.LayerPrefixes"/>,
/// tolerant of the common wrapper prefixes). Names below the prefix equal the block's own state-dict keys.
/// </summary>
public static class LmKeyMap
{
    /// <summary>The name layer <paramref name="layer"/> gets in checkpoints FrozenLm writes.</summary>
    public static string CanonicalPrefix(ILmFamily family, int layer) => family.LayerPrefixes(layer)[0];

    /// <summary>The first candidate prefix under which <paramref name="source"/> holds any tensor, or null.</summary>
    public static string? FindLayerPrefix(ITensorSource source, ILmFamily family, int layer)
    {
        foreach (var prefix in family.LayerPrefixes(layer))
        {
            if (source.Names.Any(n => n.StartsWith(prefix, StringComparison.Ordinal)))
                return prefix;
        }
        return null;
    }
}
