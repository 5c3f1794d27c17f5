using TorchSharp;

namespace FrozenLm.Tensors;

/// <summary>
/// Process-lifetime <see cref="Scalar"/>s for the constants every forward needs (the alpha of a plain tensor add, the
/// exponent of a square). A static property roots them, so the finalizer can never free one while native code reads it.
/// </summary>
public static class Scalars
{
    /// <summary>1 as an integer Scalar: the <c>alpha</c> that TorchSharp's <c>x.add(y)</c> would create on every call.</summary>
    public static Scalar One { get; } = 1.ToScalar();

    /// <summary>2 as an integer Scalar (<c>x.pow(Scalars.Two)</c> is <c>x.square()</c> without a temporary).</summary>
    public static Scalar Two { get; } = 2.ToScalar();

    /// <summary>0 as an integer Scalar.</summary>
    public static Scalar Zero { get; } = 0.ToScalar();
}
