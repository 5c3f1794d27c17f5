namespace FrozenLm.Training;

/// <summary>One optimizer group: its name, whether weight decay applies, its learning-rate multiplier and its parameters.</summary>
public sealed record ParameterGroup(string Name, bool Decay, double LrScale, IReadOnlyList<NamedParameter> Parameters);
