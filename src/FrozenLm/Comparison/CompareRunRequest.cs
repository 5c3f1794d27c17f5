namespace FrozenLm.Comparison;

/// <summary>One training run of a comparison: a variant trained with one seed under the shared settings.</summary>
public sealed record CompareRunRequest(CompareSettings Settings, string Variant, int Seed);
