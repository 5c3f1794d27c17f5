using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace FrozenLm.Data.Sqa3d;

/// <summary>
/// Reads the vertices of a PLY file (<c>format ascii 1.0</c> or <c>format binary_little_endian 1.0</c>) as points
/// [N, 6]: the <c>x y z</c> properties and, when present, <c>red green blue</c> (integer types scaled from 0..255,
/// float types taken as 0..1; grey 0.5 without them). Elements before <c>vertex</c> (list properties included) are
/// skipped, elements after it ignored. Every problem is one <see cref="UserInputException"/> naming the file.
/// </summary>
public static class PlyPointReader
{
    private const int MaxHeaderBytes = 64 * 1024;

    public static float[] Read(string path)
    {
        if (!File.Exists(path))
            throw new UserInputException(path, "file not found");
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses PLY bytes; <paramref name="subject"/> names the input in errors.</summary>
    public static float[] Parse(byte[] bytes, string subject)
    {
        var (header, bodyStart) = Header(bytes, subject);
        var lines = header.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0 || lines[0] != "ply")
            throw new UserInputException(subject, "not a PLY file (no 'ply' magic line)");
        string? format = null;
        var elements = new List<PlyElement>();
        foreach (var line in lines.Skip(1))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (words[0])
            {
                case "format":
                    format = words.Length >= 2 ? words[1] : "";
                    break;
                case "element":
                    if (words.Length != 3 || !long.TryParse(words[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > int.MaxValue)
                        throw new UserInputException(subject, $"bad element line '{line}'");
                    elements.Add(new PlyElement(words[1], (int)count, []));
                    break;
                case "property":
                    if (elements.Count == 0)
                        throw new UserInputException(subject, "a property comes before any element");
                    elements[^1].Properties.Add(Property(words, line, subject));
                    break;
                case "comment" or "obj_info" or "end_header":
                    break;
                default:
                    throw new UserInputException(subject, $"unknown header line '{line}'");
            }
        }
        var binary = format switch
        {
            "ascii" => false,
            "binary_little_endian" => true,
            null => throw new UserInputException(subject, "the header has no 'format' line"),
            _ => throw new UserInputException(subject, $"format '{format}' is not supported (ascii or binary_little_endian)"),
        };
        var vertexIndex = elements.FindIndex(e => e.Name == "vertex");
        if (vertexIndex < 0)
            throw new UserInputException(subject, "has no 'vertex' element");
        var vertex = elements[vertexIndex];
        var columns = new[] { "x", "y", "z", "red", "green", "blue" }.Select(n => vertex.Properties.FindIndex(p => p.Name == n)).ToArray();
        if (columns.Take(3).Any(c => c < 0))
            throw new UserInputException(subject, "the vertex element lacks one of the properties x, y, z");
        if (columns.Skip(3).Any(c => c >= 0) && columns.Skip(3).Any(c => c < 0))
            throw new UserInputException(subject, "the vertex element has some but not all of red, green, blue");
        if (vertex.Properties.Any(p => p.IsList))
            throw new UserInputException(subject, "the vertex element has a list property");
        if (vertex.Count == 0)
            throw new UserInputException(subject, "has no vertices");
        return binary
            ? ReadBinary(bytes, bodyStart, elements, vertexIndex, columns, subject)
            : ReadAscii(bytes, bodyStart, elements, vertexIndex, columns, subject);
    }

    private static (string Header, int BodyStart) Header(byte[] bytes, string subject)
    {
        var limit = Math.Min(bytes.Length, MaxHeaderBytes);
        var marker = "end_header"u8;
        var at = bytes.AsSpan(0, limit).IndexOf(marker);
        if (at < 0)
            throw new UserInputException(subject, "no 'end_header' line in the first 64 KiB (not a PLY file?)");
        var end = at + marker.Length;
        if (end < bytes.Length && bytes[end] == '\r')
            end++;
        if (end < bytes.Length && bytes[end] == '\n')
            end++;
        else if (end < bytes.Length)
            throw new UserInputException(subject, "'end_header' is not followed by a line break");
        var header = Encoding.ASCII.GetString(bytes, 0, at).Replace('\r', '\n');
        return (header, end);
    }

    private static PlyProperty Property(string[] words, string line, string subject)
    {
        if (words.Length == 3)
            return new PlyProperty(words[2], Type(words[1], subject), null);
        if (words.Length == 5 && words[1] == "list")
            return new PlyProperty(words[4], Type(words[3], subject), Type(words[2], subject));
        throw new UserInputException(subject, $"bad property line '{line}'");
    }

    private static PlyType Type(string name, string subject) => name switch
    {
        "char" or "int8" => PlyType.Int8,
        "uchar" or "uint8" => PlyType.UInt8,
        "short" or "int16" => PlyType.Int16,
        "ushort" or "uint16" => PlyType.UInt16,
        "int" or "int32" => PlyType.Int32,
        "uint" or "uint32" => PlyType.UInt32,
        "float" or "float32" => PlyType.Float32,
        "double" or "float64" => PlyType.Float64,
        _ => throw new UserInputException(subject, $"unknown property type '{name}'"),
    };

    private static float[] ReadBinary(byte[] bytes, int start, List<PlyElement> elements, int vertexIndex, int[] columns, string subject)
    {
        var at = start;
        for (var e = 0; e < vertexIndex; e++)
            for (var i = 0; i < elements[e].Count; i++)
                foreach (var p in elements[e].Properties)
                {
                    if (p.CountType is { } countType)
                    {
                        var n = Value(bytes, ref at, countType, subject);
                        if (n < 0 || n > bytes.Length)
                            throw new UserInputException(subject, $"element '{elements[e].Name}' has a list of {n} items");
                        for (var k = 0; k < (int)n; k++)
                            Value(bytes, ref at, p.Type, subject);
                    }
                    else
                    {
                        Value(bytes, ref at, p.Type, subject);
                    }
                }
        var vertex = elements[vertexIndex];
        var stride = vertex.Properties.Sum(p => Size(p.Type));
        if ((long)vertex.Count * stride > bytes.Length - at)
            throw new UserInputException(subject, $"truncated: {vertex.Count} vertices of {stride} bytes need {(long)vertex.Count * stride} bytes, {bytes.Length - at} left");
        var result = new float[vertex.Count * ScenePoints.Channels];
        var row = new double[vertex.Properties.Count];
        for (var i = 0; i < vertex.Count; i++)
        {
            for (var p = 0; p < row.Length; p++)
                row[p] = Value(bytes, ref at, vertex.Properties[p].Type, subject);
            Store(result, i, row, vertex, columns, subject);
        }
        return result;
    }

    private static float[] ReadAscii(byte[] bytes, int start, List<PlyElement> elements, int vertexIndex, int[] columns, string subject)
    {
        var text = Encoding.ASCII.GetString(bytes, start, bytes.Length - start);
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).GetEnumerator();
        for (var e = 0; e < vertexIndex; e++)
            for (var i = 0; i < elements[e].Count; i++)
                if (!lines.MoveNext())
                    throw new UserInputException(subject, $"truncated: element '{elements[e].Name}' has fewer than {elements[e].Count} lines");
        var vertex = elements[vertexIndex];
        var result = new float[vertex.Count * ScenePoints.Channels];
        var row = new double[vertex.Properties.Count];
        for (var i = 0; i < vertex.Count; i++)
        {
            if (!lines.MoveNext())
                throw new UserInputException(subject, $"truncated: {i} of {vertex.Count} vertex lines");
            var words = lines.Current.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length != row.Length)
                throw new UserInputException(subject, $"vertex {i} has {words.Length} values, the header declares {row.Length}");
            for (var p = 0; p < row.Length; p++)
                if (!double.TryParse(words[p], NumberStyles.Float, CultureInfo.InvariantCulture, out row[p]))
                    throw new UserInputException(subject, $"vertex {i}: '{words[p]}' is not a number");
            Store(result, i, row, vertex, columns, subject);
        }
        return result;
    }

    private static void Store(float[] result, int i, double[] row, PlyElement vertex, int[] columns, string subject)
    {
        var o = i * ScenePoints.Channels;
        for (var c = 0; c < 3; c++)
        {
            var v = row[columns[c]];
            if (!double.IsFinite(v) || Math.Abs(v) > float.MaxValue)
                throw new UserInputException(subject, $"vertex {i} has a non-finite coordinate");
            result[o + c] = (float)v;
        }
        for (var c = 3; c < 6; c++)
        {
            if (columns[c] < 0)
            {
                result[o + c] = 0.5f;
                continue;
            }
            var type = vertex.Properties[columns[c]].Type;
            var v = row[columns[c]];
            var scaled = type is PlyType.Float32 or PlyType.Float64 ? v : v / 255.0;
            if (!double.IsFinite(scaled))
                throw new UserInputException(subject, $"vertex {i} has a non-finite colour");
            result[o + c] = (float)Math.Clamp(scaled, 0, 1);
        }
    }

    private static int Size(PlyType t) => t switch
    {
        PlyType.Int8 or PlyType.UInt8 => 1,
        PlyType.Int16 or PlyType.UInt16 => 2,
        PlyType.Int32 or PlyType.UInt32 or PlyType.Float32 => 4,
        _ => 8,
    };

    private static double Value(byte[] bytes, ref int at, PlyType type, string subject)
    {
        var size = Size(type);
        if (at > bytes.Length - size)
            throw new UserInputException(subject, "truncated binary body");
        var s = bytes.AsSpan(at, size);
        at += size;
        return type switch
        {
            PlyType.Int8 => (sbyte)s[0],
            PlyType.UInt8 => s[0],
            PlyType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(s),
            PlyType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(s),
            PlyType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(s),
            PlyType.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(s),
            PlyType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(s),
            _ => BinaryPrimitives.ReadDoubleLittleEndian(s),
        };
    }

    private enum PlyType { Int8, UInt8, Int16, UInt16, Int32, UInt32, Float32, Float64 }

    private sealed record PlyProperty(string Name, PlyType Type, PlyType? CountType)
    {
        public bool IsList => CountType is not null;
    }

    private sealed record PlyElement(string Name, int Count, List<PlyProperty> Properties);
}
