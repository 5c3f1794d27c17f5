namespace FrozenLm.Comparison;

/// <summary>What the runs of a comparison actually used, in words: the data, the encoder and the LM stage.</summary>
public sealed record RunDescription(string Data, string Model, string Lm);
