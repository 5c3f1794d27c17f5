namespace FrozenLm.Comparison;

/// <summary>What the runs of a comparison actually used, in words: the data, the encoder, the LM stage, the recipe.</summary>
public sealed record RunDescription(string Data, string Model, string Lm, string Training);
