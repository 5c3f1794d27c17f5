using TorchSharp;

namespace FrozenLm.Tensors;

/// <summary>The safetensors dtype spellings FrozenLm reads and writes, their byte sizes and torch scalar types.</summary>
public static class SafetensorsDTypes
{
    private static readonly Dictionary<string, (int Size, torch.ScalarType Type)> Table = new(StringComparer.Ordinal)
    {
        ["F64"] = (8, torch.ScalarType.Float64),
        ["F32"] = (4, torch.ScalarType.Float32),
        ["F16"] = (2, torch.ScalarType.Float16),
        ["BF16"] = (2, torch.ScalarType.BFloat16),
        ["I64"] = (8, torch.ScalarType.Int64),
        ["I32"] = (4, torch.ScalarType.Int32),
        ["I16"] = (2, torch.ScalarType.Int16),
        ["I8"] = (1, torch.ScalarType.Int8),
        ["U8"] = (1, torch.ScalarType.Byte),
        ["BOOL"] = (1, torch.ScalarType.Bool),
    };

    /// <summary>Every supported spelling, for error messages.</summary>
    public static IReadOnlyCollection<string> Supported => Table.Keys;

    public static bool IsKnown(string dtype) => Table.ContainsKey(dtype);

    /// <summary>Bytes per element of a known dtype.</summary>
    public static int SizeOf(string dtype) => Table[dtype].Size;

    public static torch.ScalarType ToScalarType(string dtype) => Table[dtype].Type;

    /// <summary>The safetensors spelling of a torch scalar type; throws for types safetensors cannot hold.</summary>
    public static string FromScalarType(torch.ScalarType type)
    {
        foreach (var (name, entry) in Table)
        {
            if (entry.Type == type)
                return name;
        }
        throw new ArgumentException($"tensors of type {type} cannot be stored in safetensors", nameof(type));
    }

    /// <summary>Parses a user-facing dtype flag value (f32, bf16, f16, float32, bfloat16, ...).</summary>
    public static string ParseFloatFlag(string flag, string value) => value.Trim().ToLowerInvariant() switch
    {
        "f32" or "fp32" or "float32" => "F32",
        "bf16" or "bfloat16" => "BF16",
        "f16" or "fp16" or "float16" => "F16",
        _ => throw new UserInputException(flag, $"'{value}' is not one of f32, bf16, f16"),
    };

    /// <summary>Converts a stored floating-point tensor (F16/BF16/F64/F32) to a new or same F32 tensor.</summary>
    public static torch.Tensor ToFloat32(torch.Tensor stored) =>
        stored.dtype == torch.ScalarType.Float32 ? stored.alias() : stored.to(torch.ScalarType.Float32);
}
