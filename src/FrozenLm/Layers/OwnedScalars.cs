using TorchSharp;

namespace FrozenLm.Layers;

/// <summary>
/// Scalars held for the life of the process, for hot-path calls that take one: <c>x.add(y, OwnedScalars.One)</c> instead
/// of <c>x.add(y)</c>, whose implicit alpha is a temporary native Scalar the GC may free while native code reads it.
/// </summary>
public static class OwnedScalars
{
    public static readonly Scalar One = 1.ToScalar();
}
