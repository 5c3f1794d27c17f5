namespace FrozenLm.Comparison;

/// <summary>One training run of a comparison: a variant spec (its canonical name) trained with one seed under the shared settings.</summary>
public sealed record CompareRunRequest(CompareSettings Settings, string Variant, int Seed)
{
    /// <summary>The parsed spec of <see cref="Variant"/>.</summary>
    public VariantSpec Spec => VariantSpec.Parse(Variant);
}
