using System.Globalization;

namespace FrozenLm.LanguageModels.Checkpoints.Onnx;

/// <summary>Small conversions shared by the ONNX reader: data-type codes and float tidying.</summary>
internal static class OnnxModelParsing
{
    public static string? DType(int onnxDataType) => onnxDataType switch
    {
        1 => "F32",
        2 => "U8",
        3 => "I8",
        5 => "I16",
        6 => "I32",
        7 => "I64",
        9 => "BOOL",
        10 => "F16",
        11 => "F64",
        16 => "BF16",
        _ => null,
    };

    /// <summary>A float32 as the shortest double that prints the same (1e-12f becomes 1e-12, not 9.99999996e-13).</summary>
    public static double Tidy(float value) =>
        float.IsFinite(value) ? double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : value;
}
