using TorchSharp;

namespace FrozenLm.LanguageModels.Checkpoints;

/// <summary>Maps stored dtype names to torch types and builds CPU tensors from little-endian bytes.</summary>
internal static class RawTensors
{
    public static int ElementSize(string dtype) => dtype switch
    {
        "F32" or "I32" => 4,
        "F16" or "BF16" or "I16" => 2,
        "F64" or "I64" => 8,
        "U8" or "I8" or "BOOL" => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown dtype"),
    };

    public static torch.ScalarType ScalarType(string dtype) => dtype switch
    {
        "F32" => torch.ScalarType.Float32,
        "F16" => torch.ScalarType.Float16,
        "BF16" => torch.ScalarType.BFloat16,
        "F64" => torch.ScalarType.Float64,
        "I64" => torch.ScalarType.Int64,
        "I32" => torch.ScalarType.Int32,
        "I16" => torch.ScalarType.Int16,
        "I8" => torch.ScalarType.Int8,
        "U8" => torch.ScalarType.Byte,
        "BOOL" => torch.ScalarType.Bool,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown dtype"),
    };

    /// <summary>A new contiguous CPU tensor holding a copy of <paramref name="bytes"/> (exactly shape x element size).</summary>
    public static torch.Tensor FromBytes(ReadOnlySpan<byte> bytes, string dtype, long[] shape)
    {
        var tensor = torch.empty(shape, ScalarType(dtype));
        if (bytes.Length > 0)
        {
            bytes.CopyTo(tensor.bytes);
        }

        return tensor;
    }
}
