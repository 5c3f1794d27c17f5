namespace FrozenLm.Data.Sqa3d;

/// <summary>A split of situated questions and the scenes they are asked in (by scene id).</summary>
public sealed record Sqa3dSplit(string Name, IReadOnlyList<Sqa3dSample> Samples, IReadOnlyDictionary<string, ScenePoints> Scenes);
