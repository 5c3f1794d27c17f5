using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FrozenLm.LanguageModels.Checkpoints.Gguf;

/// <summary>Converts whole blocks of any <see cref="GgmlTypeTraits.Dequantizable"/> type to F32.</summary>
public static class GgufDequantizer
{
    private delegate void BlockDecoder(ReadOnlySpan<byte> block, Span<float> values);

    private static readonly Dictionary<GgmlType, BlockDecoder> Blocks = new()
    {
        [GgmlType.Q4_0] = GgufLegacyQuants.Q4_0, [GgmlType.Q4_1] = GgufLegacyQuants.Q4_1,
        [GgmlType.Q5_0] = GgufLegacyQuants.Q5_0, [GgmlType.Q5_1] = GgufLegacyQuants.Q5_1, [GgmlType.Q8_0] = GgufLegacyQuants.Q8_0,
        [GgmlType.Q2_K] = GgufKQuants.Q2_K, [GgmlType.Q3_K] = GgufKQuants.Q3_K, [GgmlType.Q4_K] = GgufKQuants.Q4_K,
        [GgmlType.Q5_K] = GgufKQuants.Q5_K, [GgmlType.Q6_K] = GgufKQuants.Q6_K,
    };

    /// <summary>
    /// Dequantises <paramref name="source"/> (whole blocks of <paramref name="type"/>) into <paramref name="destination"/>,
    /// whose length must be the number of elements those blocks hold.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dequantize(GgmlType type, ReadOnlySpan<byte> source, Span<float> destination)
    {
        var blockElements = GgmlTypeTraits.BlockElements(type);
        var blockBytes = GgmlTypeTraits.BlockBytes(type);
        if (source.Length % blockBytes != 0 || destination.Length != source.Length / blockBytes * blockElements)
            throw new ArgumentException($"{source.Length} bytes of {type} do not fill {destination.Length} values", nameof(destination));
        switch (type)
        {
            case GgmlType.F32:
                MemoryMarshal.Cast<byte, float>(source).CopyTo(destination);
                return;
            case GgmlType.F16:
                Half(MemoryMarshal.Cast<byte, ushort>(source), destination);
                return;
            case GgmlType.BF16:
                Bfloat16(MemoryMarshal.Cast<byte, ushort>(source), MemoryMarshal.Cast<float, uint>(destination));
                return;
        }
        if (!Blocks.TryGetValue(type, out var decode))
            throw new ArgumentOutOfRangeException(nameof(type), type, "not a dequantisable GGML type");
        for (int b = 0, e = 0; b < source.Length; b += blockBytes, e += blockElements)
            decode(source.Slice(b, blockBytes), destination.Slice(e, blockElements));
    }

    private static void Half(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        for (var i = 0; i < source.Length; i++)
            destination[i] = (float)BitConverter.UInt16BitsToHalf(source[i]);
    }

    private static void Bfloat16(ReadOnlySpan<ushort> source, Span<uint> destination)
    {
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 8 <= source.Length; i += 8)
            {
                var (lower, upper) = Vector128.Widen(Vector128.Create(source.Slice(i, 8)));
                Vector128.ShiftLeft(lower, 16).CopyTo(destination.Slice(i, 4));
                Vector128.ShiftLeft(upper, 16).CopyTo(destination.Slice(i + 4, 4));
            }
        }
        for (; i < source.Length; i++)
            destination[i] = (uint)source[i] << 16;
    }
}
