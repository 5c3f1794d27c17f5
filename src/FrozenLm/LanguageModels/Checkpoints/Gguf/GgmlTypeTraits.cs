namespace FrozenLm.LanguageModels.Checkpoints.Gguf;

/// <summary>Block geometry of each <see cref="GgmlType"/> (elements per block, bytes per block) and which ones FrozenLm dequantises.</summary>
public static class GgmlTypeTraits
{
    private static readonly Dictionary<GgmlType, (int Elements, int Bytes)> Blocks = new()
    {
        [GgmlType.F32] = (1, 4), [GgmlType.F16] = (1, 2), [GgmlType.BF16] = (1, 2), [GgmlType.F64] = (1, 8),
        [GgmlType.I8] = (1, 1), [GgmlType.I16] = (1, 2), [GgmlType.I32] = (1, 4), [GgmlType.I64] = (1, 8),
        [GgmlType.Q4_0] = (32, 18), [GgmlType.Q4_1] = (32, 20), [GgmlType.Q5_0] = (32, 22), [GgmlType.Q5_1] = (32, 24),
        [GgmlType.Q8_0] = (32, 34), [GgmlType.Q8_1] = (32, 36),
        [GgmlType.Q2_K] = (256, 84), [GgmlType.Q3_K] = (256, 110), [GgmlType.Q4_K] = (256, 144), [GgmlType.Q5_K] = (256, 176),
        [GgmlType.Q6_K] = (256, 210), [GgmlType.Q8_K] = (256, 292),
        [GgmlType.IQ2_XXS] = (256, 66), [GgmlType.IQ2_XS] = (256, 74), [GgmlType.IQ3_XXS] = (256, 98), [GgmlType.IQ1_S] = (256, 50),
        [GgmlType.IQ4_NL] = (32, 18), [GgmlType.IQ3_S] = (256, 110), [GgmlType.IQ2_S] = (256, 82), [GgmlType.IQ4_XS] = (256, 136),
        [GgmlType.IQ1_M] = (256, 56), [GgmlType.TQ1_0] = (256, 54), [GgmlType.TQ2_0] = (256, 66),
    };

    /// <summary>The types <see cref="GgufDequantizer"/> converts to F32.</summary>
    public static IReadOnlySet<GgmlType> Dequantizable { get; } = new HashSet<GgmlType>
    {
        GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1,
        GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K,
    };

    /// <summary>True when the type's block geometry is known, so its tensors can be validated.</summary>
    public static bool IsKnown(GgmlType type) => Blocks.ContainsKey(type);

    public static int BlockElements(GgmlType type) => Blocks[type].Elements;

    public static int BlockBytes(GgmlType type) => Blocks[type].Bytes;

    /// <summary>The type's name as llama.cpp prints it, or "type N" for a number no known type has.</summary>
    public static string Name(GgmlType type) => Enum.IsDefined(type) ? type.ToString() : $"type {(int)type}";
}
