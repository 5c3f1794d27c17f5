using static TorchSharp.torch;

namespace FrozenLm.Tests.Models;

/// <summary>Exact tensor comparison (same shape, every element equal).</summary>
internal static class TensorAssert
{
    public static bool Identical(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape))
            return false;
        using var eq = a.eq(b);
        using var all = eq.all();
        return all.item<bool>();
    }
}
