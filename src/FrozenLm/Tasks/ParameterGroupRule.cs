namespace FrozenLm.Tasks;

/// <summary>
/// One optimizer group of a <see cref="ParameterGroupPolicy"/>: which trainable parameters it takes (any of: a name
/// containing one of <see cref="NameContains"/>, a last name segment in <see cref="LeafNames"/>, a 1-D tensor, a bias)
/// and how they are optimised (weight decay on or off, learning rate x <see cref="LrScale"/>).
/// </summary>
public sealed record ParameterGroupRule
{
    public required string Name { get; init; }
    public IReadOnlyList<string> NameContains { get; init; } = [];
    public IReadOnlyList<string> LeafNames { get; init; } = [];
    public bool OneDimensional { get; init; }
    public bool Biases { get; init; }
    public bool Decay { get; init; }
    public double LrScale { get; init; } = 1.0;

    public bool Matches(string name, long dims) =>
        (OneDimensional && dims <= 1)
        || (Biases && (name.EndsWith(".bias", StringComparison.Ordinal) || name == "bias"))
        || NameContains.Any(s => name.Contains(s, StringComparison.Ordinal))
        || LeafNames.Contains(name[(name.LastIndexOf('.') + 1)..]);
}
