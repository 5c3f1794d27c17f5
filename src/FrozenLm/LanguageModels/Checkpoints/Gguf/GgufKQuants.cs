using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FrozenLm.LanguageModels.Checkpoints.Gguf;

/// <summary>
/// Dequantises one 256-element super-block of the K-quant formats Q2_K, Q3_K, Q4_K, Q5_K and Q6_K: sub-blocks of
/// 16 or 32 values, each with its own quantised scale (and minimum), under an F16 super-block scale.
/// </summary>
internal static class GgufKQuants
{
    /// <summary>Q2_K (84 bytes): 16 scale bytes (low nibble scale, high nibble min), 64 bytes of 2-bit values, f16 d, f16 dmin.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Q2_K(ReadOnlySpan<byte> b, Span<float> y)
    {
        var scales = b[..16];
        var qs = b.Slice(16, 64);
        var d = GgufLegacyQuants.Half(b, 80);
        var min = GgufLegacyQuants.Half(b, 82);
        Span<sbyte> q = stackalloc sbyte[16];
        var sub = 0;
        for (var half = 0; half < 2; half++)
        {
            var bits = qs.Slice(32 * half, 32);
            for (var shift = 0; shift < 8; shift += 2)
            {
                for (var part = 0; part < 2; part++, sub++)
                {
                    for (var l = 0; l < 16; l++)
                        q[l] = (sbyte)((bits[16 * part + l] >> shift) & 3);
                    var sc = scales[sub];
                    GgufAffine.Apply(q, d * (sc & 0xF), min * (sc >> 4), y.Slice(16 * sub, 16));
                }
            }
        }
    }

    /// <summary>Q3_K (110 bytes): 32 bytes of high bits, 64 bytes of 2-bit values, 12 bytes of 6-bit signed scales, f16 d.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Q3_K(ReadOnlySpan<byte> b, Span<float> y)
    {
        var hmask = b[..32];
        var qs = b.Slice(32, 64);
        var packedScales = b.Slice(96, 12);
        var d = GgufLegacyQuants.Half(b, 108);
        Span<sbyte> q = stackalloc sbyte[16];
        var sub = 0;
        var bit = 0;
        for (var half = 0; half < 2; half++)
        {
            var bits = qs.Slice(32 * half, 32);
            for (var shift = 0; shift < 8; shift += 2, bit++)
            {
                for (var part = 0; part < 2; part++, sub++)
                {
                    for (var l = 0; l < 16; l++)
                    {
                        var k = 16 * part + l;
                        q[l] = (sbyte)(((bits[k] >> shift) & 3) - (((hmask[k] >> bit) & 1) == 0 ? 4 : 0));
                    }
                    GgufAffine.Apply(q, d * (Q3Scale(packedScales, sub) - 32), 0f, y.Slice(16 * sub, 16));
                }
            }
        }
    }

    /// <summary>Q4_K (144 bytes): f16 d, f16 dmin, 12 bytes of 6-bit scales and mins, 128 bytes of nibbles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Q4_K(ReadOnlySpan<byte> b, Span<float> y)
    {
        var d = GgufLegacyQuants.Half(b, 0);
        var min = GgufLegacyQuants.Half(b, 2);
        var scales = b.Slice(4, 12);
        var qs = b.Slice(16, 128);
        Span<sbyte> low = stackalloc sbyte[32];
        Span<sbyte> high = stackalloc sbyte[32];
        for (var j = 0; j < 4; j++)
        {
            GgufAffine.Nibbles(qs.Slice(32 * j, 32), low, high);
            var (s0, m0) = ScaleMin(scales, 2 * j);
            var (s1, m1) = ScaleMin(scales, 2 * j + 1);
            GgufAffine.Apply(low, d * s0, min * m0, y.Slice(64 * j, 32));
            GgufAffine.Apply(high, d * s1, min * m1, y.Slice(64 * j + 32, 32));
        }
    }

    /// <summary>Q5_K (176 bytes): f16 d, f16 dmin, 12 bytes of 6-bit scales and mins, 32 bytes of fifth bits, 128 bytes of nibbles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Q5_K(ReadOnlySpan<byte> b, Span<float> y)
    {
        var d = GgufLegacyQuants.Half(b, 0);
        var min = GgufLegacyQuants.Half(b, 2);
        var scales = b.Slice(4, 12);
        var qh = b.Slice(16, 32);
        var qs = b.Slice(48, 128);
        Span<sbyte> low = stackalloc sbyte[32];
        Span<sbyte> high = stackalloc sbyte[32];
        for (var j = 0; j < 4; j++)
        {
            GgufAffine.Nibbles(qs.Slice(32 * j, 32), low, high);
            for (var l = 0; l < 32; l += 16)
            {
                var bits = Vector128.Create(qh.Slice(l, 16));
                var fifth = Vector128.Create((byte)16);
                (Vector128.Create(low.Slice(l, 16)) | (Vector128.ShiftLeft(Vector128.ShiftRightLogical(bits, 2 * j), 4) & fifth).AsSByte()).CopyTo(low.Slice(l, 16));
                (Vector128.Create(high.Slice(l, 16)) | (Vector128.ShiftLeft(Vector128.ShiftRightLogical(bits, 2 * j + 1), 4) & fifth).AsSByte()).CopyTo(high.Slice(l, 16));
            }
            var (s0, m0) = ScaleMin(scales, 2 * j);
            var (s1, m1) = ScaleMin(scales, 2 * j + 1);
            GgufAffine.Apply(low, d * s0, min * m0, y.Slice(64 * j, 32));
            GgufAffine.Apply(high, d * s1, min * m1, y.Slice(64 * j + 32, 32));
        }
    }

    /// <summary>Q6_K (210 bytes): 128 bytes of low nibbles, 64 bytes of 2-bit highs, 16 signed 8-bit scales, f16 d; y = d * scale * (q - 32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Q6_K(ReadOnlySpan<byte> b, Span<float> y)
    {
        var ql = b[..128];
        var qh = b.Slice(128, 64);
        var scales = b.Slice(192, 16);
        var d = GgufLegacyQuants.Half(b, 208);
        Span<sbyte> q = stackalloc sbyte[128];
        for (var half = 0; half < 2; half++)
        {
            var lo = ql.Slice(64 * half, 64);
            var hi = qh.Slice(32 * half, 32);
            var nibble = Vector128.Create((byte)0x0F);
            var two = Vector128.Create((byte)0x30);
            var offset = Vector128.Create((byte)32);
            for (var l = 0; l < 32; l += 16)
            {
                var a = Vector128.Create(lo.Slice(l, 16));
                var b2 = Vector128.Create(lo.Slice(32 + l, 16));
                var h = Vector128.Create(hi.Slice(l, 16));
                ((a & nibble | (Vector128.ShiftLeft(h, 4) & two)) - offset).AsSByte().CopyTo(q.Slice(l, 16));
                ((b2 & nibble | (Vector128.ShiftLeft(h, 2) & two)) - offset).AsSByte().CopyTo(q.Slice(32 + l, 16));
                ((Vector128.ShiftRightLogical(a, 4) | (h & two)) - offset).AsSByte().CopyTo(q.Slice(64 + l, 16));
                ((Vector128.ShiftRightLogical(b2, 4) | (Vector128.ShiftRightLogical(h, 2) & two)) - offset).AsSByte().CopyTo(q.Slice(96 + l, 16));
            }
            for (var s = 0; s < 8; s++)
                GgufAffine.Apply(q.Slice(16 * s, 16), d * (sbyte)scales[8 * half + s], 0f, y.Slice(128 * half + 16 * s, 16));
        }
    }

    /// <summary>Scale and min of sub-block <paramref name="j"/> (0..7) from the 12 packed 6-bit values of Q4_K / Q5_K.</summary>
    private static (int Scale, int Min) ScaleMin(ReadOnlySpan<byte> s, int j) => j < 4
        ? (s[j] & 63, s[j + 4] & 63)
        : ((s[j + 4] & 0xF) | ((s[j - 4] >> 6) << 4), (s[j + 4] >> 4) | ((s[j] >> 6) << 4));

    /// <summary>The unsigned 6-bit scale of Q3_K sub-block <paramref name="j"/> (0..15): four low bits, then two high bits.</summary>
    private static int Q3Scale(ReadOnlySpan<byte> s, int j)
    {
        var low = j < 8 ? s[j] & 0xF : s[j - 8] >> 4;
        var high = (s[8 + j % 4] >> (2 * (j / 4))) & 3;
        return low | (high << 4);
    }
}
