namespace FrozenLm.Data.Sqa3d;

/// <summary>A situated 3D QA data set: training and evaluation splits, the source and format, and its question families in report order.</summary>
public sealed record Sqa3dData(Sqa3dSplit Train, Sqa3dSplit Eval, string Source, string Format, IReadOnlyList<string> Families);
