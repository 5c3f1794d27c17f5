using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FrozenLm.Data.Sqa3d;

/// <summary>
/// Reads a NumPy <c>.npy</c> point array (format versions 1 to 3): little-endian float32 (<c>&lt;f4</c>) or float64
/// (<c>&lt;f8</c>), C order, shape [N, 3] (xyz; grey 0.5 colour) or [N, 6] (xyz then rgb: taken as 0..1, or as 0..255
/// when any colour value exceeds 1). Every problem is one <see cref="UserInputException"/> naming the file.
/// </summary>
public static partial class NpyPointReader
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static float[] Read(string path)
    {
        if (!File.Exists(path))
            throw new UserInputException(path, "file not found");
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses .npy bytes; <paramref name="subject"/> names the input in errors.</summary>
    public static float[] Parse(byte[] bytes, string subject)
    {
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic))
            throw new UserInputException(subject, "not a .npy file (no \\x93NUMPY magic)");
        var major = bytes[6];
        int headerLength, headerStart;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8, 2));
                headerStart = 10;
                break;
            case 2 or 3:
                if (bytes.Length < 12)
                    throw new UserInputException(subject, "truncated .npy header");
                var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8, 4));
                if (length > int.MaxValue)
                    throw new UserInputException(subject, "the .npy header length is out of range");
                headerLength = (int)length;
                headerStart = 12;
                break;
            default:
                throw new UserInputException(subject, $".npy format version {major} is not supported (1, 2 or 3)");
        }
        if (headerLength > bytes.Length - headerStart)
            throw new UserInputException(subject, "truncated .npy header");
        var header = Encoding.Latin1.GetString(bytes, headerStart, headerLength);
        var descr = DescrPattern().Match(header);
        var order = FortranPattern().Match(header);
        var shape = ShapePattern().Match(header);
        if (!descr.Success || !order.Success || !shape.Success)
            throw new UserInputException(subject, "the .npy header lacks 'descr', 'fortran_order' or 'shape'");
        var itemSize = descr.Groups[1].Value switch
        {
            "<f4" => 4,
            "<f8" => 8,
            var other => throw new UserInputException(subject, $"dtype '{other}' is not supported (little-endian float32 '<f4' or float64 '<f8')"),
        };
        if (order.Groups[1].Value != "False")
            throw new UserInputException(subject, "Fortran-order arrays are not supported (save in C order)");
        var dims = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (dims.Length != 2 || !long.TryParse(dims[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            || !long.TryParse(dims[1], NumberStyles.None, CultureInfo.InvariantCulture, out var channels))
            throw new UserInputException(subject, $"shape ({shape.Groups[1].Value}) is not [N, 3] or [N, 6]");
        if (channels is not (3 or 6))
            throw new UserInputException(subject, $"shape ({n}, {channels}): points need 3 (xyz) or 6 (xyz rgb) columns");
        if (n == 0)
            throw new UserInputException(subject, "has no points");
        if (n > bytes.Length)
            throw new UserInputException(subject, $"shape ({n}, {channels}) is larger than the file");
        var dataStart = headerStart + headerLength;
        if (n * channels * itemSize != bytes.Length - dataStart)
            throw new UserInputException(subject, $"shape ({n}, {channels}) needs {n * channels * itemSize} data bytes, the file has {bytes.Length - dataStart}");
        var result = new float[n * ScenePoints.Channels];
        var byteScale = false;
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < channels; c++)
            {
                var at = dataStart + (int)((i * channels + c) * itemSize);
                var v = itemSize == 4 ? BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(at, 4)) : BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(at, 8));
                if (!double.IsFinite(v) || Math.Abs(v) > float.MaxValue)
                    throw new UserInputException(subject, $"point {i} has a non-finite value");
                if (c >= 3 && v < 0)
                    throw new UserInputException(subject, $"point {i} has a negative colour");
                byteScale |= c >= 3 && v > 1;
                result[i * ScenePoints.Channels + c] = (float)v;
            }
            if (channels == 3)
                for (var c = 3; c < 6; c++)
                    result[i * ScenePoints.Channels + c] = 0.5f;
        }
        if (byteScale)
            for (var i = 0; i < n; i++)
                for (var c = 3; c < 6; c++)
                    result[i * ScenePoints.Channels + c] = Math.Min(1f, result[i * ScenePoints.Channels + c] / 255f);
        return result;
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
