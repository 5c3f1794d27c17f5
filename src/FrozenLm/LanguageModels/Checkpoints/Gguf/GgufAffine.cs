using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FrozenLm.LanguageModels.Checkpoints.Gguf;

/// <summary>
/// The inner step of every block format: <c>y = d * q - m</c> for small signed integers <c>q</c>, in float32, with
/// the multiply and the subtract rounded separately (no fused multiply-add), 16 values per step.
/// </summary>
internal static class GgufAffine
{
    /// <summary>Writes <c>d * q[i] - m</c> to <paramref name="y"/> (lengths equal, a multiple of 16).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply(ReadOnlySpan<sbyte> q, float d, float m, Span<float> y)
    {
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var vd = Vector128.Create(d);
            var vm = Vector128.Create(m);
            for (; i + 16 <= q.Length; i += 16)
            {
                var bytes = Vector128.Create(q.Slice(i, 16));
                var (s0, s1) = Vector128.Widen(bytes);
                var (i0, i1) = Vector128.Widen(s0);
                var (i2, i3) = Vector128.Widen(s1);
                (Vector128.ConvertToSingle(i0) * vd - vm).CopyTo(y.Slice(i, 4));
                (Vector128.ConvertToSingle(i1) * vd - vm).CopyTo(y.Slice(i + 4, 4));
                (Vector128.ConvertToSingle(i2) * vd - vm).CopyTo(y.Slice(i + 8, 4));
                (Vector128.ConvertToSingle(i3) * vd - vm).CopyTo(y.Slice(i + 12, 4));
            }
        }
        for (; i < q.Length; i++)
            y[i] = d * q[i] - m;
    }

    /// <summary>Splits 16 or 32 packed bytes into their low nibbles (to <paramref name="low"/>) and high nibbles (to <paramref name="high"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Nibbles(ReadOnlySpan<byte> packed, Span<sbyte> low, Span<sbyte> high)
    {
        var mask = Vector128.Create((byte)0x0F);
        for (var i = 0; i < packed.Length; i += 16)
        {
            var v = Vector128.Create(packed.Slice(i, 16));
            (v & mask).AsSByte().CopyTo(low.Slice(i, 16));
            Vector128.ShiftRightLogical(v, 4).AsSByte().CopyTo(high.Slice(i, 16));
        }
    }
}
