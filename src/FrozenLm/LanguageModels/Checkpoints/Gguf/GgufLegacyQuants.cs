using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace FrozenLm.LanguageModels.Checkpoints.Gguf;

/// <summary>
/// Dequantises one 32-element block of the original GGML formats: Q4_0, Q4_1, Q5_0, Q5_1 (4- or 5-bit values with an
/// F16 scale, and an F16 minimum for the _1 kinds) and Q8_0 (signed bytes with an F16 scale).
/// </summary>
internal static class GgufLegacyQuants
{
    public static float Half(ReadOnlySpan<byte> b, int at) => (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(b[at..]));

    /// <summary>Q4_0 (18 bytes): f16 d, 16 bytes of nibbles; element j is low nibble j, element j + 16 high nibble j; y = (q - 8) d.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Q4_0(ReadOnlySpan<byte> b, Span<float> y)
    {
        Span<sbyte> q = stackalloc sbyte[32];
        GgufAffine.Nibbles(b.Slice(2, 16), q[..16], q[16..]);
        for (var i = 0; i < 32; i++)
            q[i] -= 8;
        GgufAffine.Apply(q, Half(b, 0), 0f, y);
    }

    /// <summary>Q4_1 (20 bytes): f16 d, f16 m, 16 bytes of nibbles; y = q d + m.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Q4_1(ReadOnlySpan<byte> b, Span<float> y)
    {
        Span<sbyte> q = stackalloc sbyte[32];
        GgufAffine.Nibbles(b.Slice(4, 16), q[..16], q[16..]);
        GgufAffine.Apply(q, Half(b, 0), -Half(b, 2), y);
    }

    /// <summary>Q5_0 (22 bytes): f16 d, 32 high bits, 16 bytes of nibbles; bit j of the high bits is the fifth bit of element j; y = (q - 16) d.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Q5_0(ReadOnlySpan<byte> b, Span<float> y)
    {
        Span<sbyte> q = stackalloc sbyte[32];
        Five(b.Slice(2, 4), b.Slice(6, 16), q);
        for (var i = 0; i < 32; i++)
            q[i] -= 16;
        GgufAffine.Apply(q, Half(b, 0), 0f, y);
    }

    /// <summary>Q5_1 (24 bytes): f16 d, f16 m, 32 high bits, 16 bytes of nibbles; y = q d + m.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Q5_1(ReadOnlySpan<byte> b, Span<float> y)
    {
        Span<sbyte> q = stackalloc sbyte[32];
        Five(b.Slice(4, 4), b.Slice(8, 16), q);
        GgufAffine.Apply(q, Half(b, 0), -Half(b, 2), y);
    }

    /// <summary>Q8_0 (34 bytes): f16 d, 32 signed bytes; y = q d.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Q8_0(ReadOnlySpan<byte> b, Span<float> y) =>
        GgufAffine.Apply(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(b.Slice(2, 32)), Half(b, 0), 0f, y);

    private static void Five(ReadOnlySpan<byte> highBits, ReadOnlySpan<byte> packed, Span<sbyte> q)
    {
        var high = BinaryPrimitives.ReadUInt32LittleEndian(highBits);
        GgufAffine.Nibbles(packed, q[..16], q[16..]);
        for (var j = 0; j < 32; j++)
            q[j] |= (sbyte)(((high >> j) & 1) << 4);
    }
}
