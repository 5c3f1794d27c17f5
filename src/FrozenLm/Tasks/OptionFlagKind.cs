namespace FrozenLm.Tasks;

/// <summary>The value type of an <see cref="OptionFlag"/>: the CLI parses <c>Int</c>, <c>Double</c> and <c>Bool</c>, passes <c>Text</c> on.</summary>
public enum OptionFlagKind
{
    Int,
    Double,
    Bool,
    Text,
}
