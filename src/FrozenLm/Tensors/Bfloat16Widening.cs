using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FrozenLm.Tensors;

/// <summary>
/// Converts BF16 values to F32 inside one buffer: the BF16 values sit in its upper half and become F32 values filling the
/// whole buffer (a BF16 value is the top 16 bits of the F32 with the same value), so no second buffer is needed.
/// </summary>
public static class Bfloat16Widening
{
    /// <summary>The half of an F32 buffer of <paramref name="buffer"/>'s length where its BF16 source goes.</summary>
    public static Span<byte> SourceHalf(Span<byte> buffer) => buffer[(buffer.Length / 2)..];

    /// <summary>Widens the BF16 values stored in <see cref="SourceHalf"/> to F32 values over the whole buffer.</summary>
    public static void WidenInPlace(Span<byte> buffer)
    {
        if (buffer.Length % 4 != 0)
            throw new ArgumentException($"an F32 buffer needs a multiple of 4 bytes, got {buffer.Length}", nameof(buffer));
        var count = buffer.Length / 4;
        var source = MemoryMarshal.Cast<byte, ushort>(SourceHalf(buffer));
        var target = MemoryMarshal.Cast<byte, uint>(buffer);
        // Forward order is safe: writing target[i..i+w) ends at byte 4(i+w) <= 2*count + 2(i+w), where the unread source starts.
        var i = 0;
        var width = Vector256<ushort>.Count;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + width <= count; i += width)
            {
                var values = Vector256.Create<ushort>(source.Slice(i, width));
                var (lower, upper) = Vector256.Widen(values);
                Vector256.ShiftLeft(lower, 16).CopyTo(target.Slice(i, width / 2));
                Vector256.ShiftLeft(upper, 16).CopyTo(target.Slice(i + width / 2, width / 2));
            }
        }
        for (; i < count; i++)
            target[i] = (uint)source[i] << 16;
    }
}
