namespace FrozenLm.LanguageModels.Checkpoints.Gguf;

/// <summary>
/// The parsed and validated header of a GGUF v2/v3 file: version, metadata, tensor infos, alignment and where the data
/// area starts. Every count, length, offset and size is checked against the file before it is trusted.
/// </summary>
public sealed class GgufHeader
{
    private const uint Magic = 0x46554747; // "GGUF" little-endian
    private const int MaxDims = 4;

    private GgufHeader(int version, GgufMetadata metadata, IReadOnlyList<GgufTensorInfo> tensors, long alignment, long dataStart)
    {
        Version = version;
        Metadata = metadata;
        Tensors = tensors;
        Alignment = alignment;
        DataStart = dataStart;
    }

    public int Version { get; }
    public GgufMetadata Metadata { get; }
    public IReadOnlyList<GgufTensorInfo> Tensors { get; }
    public long Alignment { get; }

    /// <summary>File offset of the data area; tensor offsets are relative to it.</summary>
    public long DataStart { get; }

    /// <summary>Parses <paramref name="head"/> (the start of the file, up to 2 GiB) of a file of <paramref name="fileLength"/> bytes.</summary>
    public static GgufHeader Parse(ReadOnlySpan<byte> head, long fileLength, string location)
    {
        var cursor = new GgufCursor(head, location);
        if (cursor.Remaining < 4 || cursor.UInt32("magic") != Magic)
            throw cursor.Error("not a GGUF file (no 'GGUF' magic)");
        var version = cursor.UInt32("version");
        if (version is not (2 or 3))
        {
            throw cursor.Error(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(version) is 2 or 3
                ? "big-endian GGUF files are not supported"
                : $"GGUF version {version} is not supported (versions 2 and 3 are)");
        }
        var tensorCount = cursor.Count("tensor count", 8);
        var kvCount = cursor.Count("metadata count", 8 + 4 + 1);
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        for (long i = 0; i < kvCount; i++)
        {
            var key = cursor.String($"metadata key {i}");
            var type = (GgufValueType)cursor.UInt32($"type of '{key}'");
            var value = ReadValue(ref cursor, type, key, depth: 0);
            if (!values.TryAdd(key, value))
                throw cursor.Error($"corrupt GGUF header: metadata key '{key}' appears twice");
        }
        var metadata = new GgufMetadata(location, values);
        long alignment = 32;
        if (values.TryGetValue("general.alignment", out var a))
        {
            alignment = a is uint u ? u : throw cursor.Error("GGUF metadata 'general.alignment' must be a uint32");
            if (alignment == 0 || (alignment & (alignment - 1)) != 0)
                throw cursor.Error($"GGUF 'general.alignment' {alignment} is not a power of two");
        }

        var infos = new List<(string Name, long[] Dims, GgmlType Type, ulong Offset)>((int)Math.Min(tensorCount, 1 << 16));
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (long i = 0; i < tensorCount; i++)
        {
            var name = cursor.String($"tensor {i} name");
            if (!names.Add(name))
                throw cursor.Error($"corrupt GGUF header: tensor '{name}' appears twice");
            var nDims = cursor.UInt32($"tensor '{name}' dimension count");
            if (nDims > MaxDims)
                throw cursor.Error($"tensor '{name}' has {nDims} dimensions (at most {MaxDims})");
            var dims = new long[nDims];
            for (var d = 0; d < nDims; d++)
            {
                var dim = cursor.UInt64($"tensor '{name}' dimension");
                if (dim > int.MaxValue)
                    throw cursor.Error($"tensor '{name}' dimension {d} is {dim}");
                dims[d] = (long)dim;
            }
            var type = (GgmlType)cursor.UInt32($"tensor '{name}' type");
            var offset = cursor.UInt64($"tensor '{name}' offset");
            infos.Add((name, dims, type, offset));
        }

        var dataStart = (cursor.Position + alignment - 1) / alignment * alignment;
        var dataLength = fileLength - dataStart;
        if (infos.Count > 0 && dataLength < 0)
            throw cursor.Error($"truncated GGUF file: the data area would start at byte {dataStart} of {fileLength}");
        var tensors = new List<GgufTensorInfo>(infos.Count);
        foreach (var (name, dims, type, offset) in infos)
            tensors.Add(Validate(name, dims, type, offset, alignment, dataLength, location));
        CheckNoOverlap(tensors, location);
        return new GgufHeader((int)version, metadata, tensors, alignment, dataStart);
    }

    private static GgufTensorInfo Validate(string name, long[] dims, GgmlType type, ulong offset, long alignment, long dataLength, string location)
    {
        if (!GgmlTypeTraits.IsKnown(type))
            throw new UserInputException(location, $"tensor '{name}' has unknown GGML type {(int)type}");
        var blockElements = GgmlTypeTraits.BlockElements(type);
        long elements = 1;
        foreach (var dim in dims)
        {
            elements *= dim;
            if (elements > long.MaxValue / 1024)
                throw new UserInputException(location, $"tensor '{name}' has too many elements [{string.Join(", ", dims)}]");
        }
        var rowLength = dims.Length == 0 ? 1 : dims[0];
        if (rowLength % blockElements != 0)
            throw new UserInputException(location, $"tensor '{name}' rows of {rowLength} are not a whole number of {GgmlTypeTraits.Name(type)} blocks of {blockElements}");
        var bytes = elements / blockElements * GgmlTypeTraits.BlockBytes(type);
        if (offset % (ulong)alignment != 0)
            throw new UserInputException(location, $"tensor '{name}' offset {offset} is not a multiple of the alignment {alignment}");
        if (offset > (ulong)dataLength || bytes > dataLength - (long)offset)
            throw new UserInputException(location, $"tensor '{name}' ({bytes} bytes at data offset {offset}) runs past the end of the file (data area {Math.Max(0, dataLength)} bytes)");
        return new GgufTensorInfo(name, type, dims, (long)offset, bytes);
    }

    private static void CheckNoOverlap(List<GgufTensorInfo> tensors, string location)
    {
        var sorted = tensors.Where(t => t.ByteLength > 0).OrderBy(t => t.Offset).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i - 1].Offset + sorted[i - 1].ByteLength > sorted[i].Offset)
                throw new UserInputException(location, $"tensors '{sorted[i - 1].Name}' and '{sorted[i].Name}' overlap in the data area");
        }
    }

    private static object ReadValue(ref GgufCursor cursor, GgufValueType type, string key, int depth) => type switch
    {
        GgufValueType.UInt8 => cursor.Take(1, key)[0],
        GgufValueType.Int8 => (sbyte)cursor.Take(1, key)[0],
        GgufValueType.UInt16 => cursor.Scalar<ushort>(key),
        GgufValueType.Int16 => cursor.Scalar<short>(key),
        GgufValueType.UInt32 => cursor.UInt32(key),
        GgufValueType.Int32 => (int)cursor.UInt32(key),
        GgufValueType.Float32 => cursor.Scalar<float>(key),
        GgufValueType.Bool => ReadBool(ref cursor, key),
        GgufValueType.String => cursor.String(key),
        GgufValueType.UInt64 => cursor.UInt64(key),
        GgufValueType.Int64 => (long)cursor.UInt64(key),
        GgufValueType.Float64 => cursor.Scalar<double>(key),
        GgufValueType.Array => ReadArray(ref cursor, key, depth),
        _ => throw cursor.Error($"corrupt GGUF header: metadata '{key}' has unknown value type {(uint)type}"),
    };

    private static bool ReadBool(ref GgufCursor cursor, string key)
    {
        var b = cursor.Take(1, key)[0];
        return b <= 1 ? b == 1 : throw cursor.Error($"corrupt GGUF header: metadata '{key}' is a bool with byte value {b}");
    }

    private static GgufArray ReadArray(ref GgufCursor cursor, string key, int depth)
    {
        if (depth > 8)
            throw cursor.Error($"corrupt GGUF header: metadata '{key}' nests arrays more than 8 deep");
        var elementType = (GgufValueType)cursor.UInt32($"element type of '{key}'");
        long minBytes = elementType switch
        {
            GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
            GgufValueType.UInt16 or GgufValueType.Int16 => 2,
            GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
            GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 or GgufValueType.String => 8,
            GgufValueType.Array => 12,
            _ => throw cursor.Error($"corrupt GGUF header: metadata '{key}' is an array of unknown value type {(uint)elementType}"),
        };
        var count = cursor.Count($"length of array '{key}'", minBytes);
        Array values = elementType switch
        {
            GgufValueType.UInt8 => cursor.Array<byte>(count, key),
            GgufValueType.Int8 => cursor.Array<sbyte>(count, key),
            GgufValueType.UInt16 => cursor.Array<ushort>(count, key),
            GgufValueType.Int16 => cursor.Array<short>(count, key),
            GgufValueType.UInt32 => cursor.Array<uint>(count, key),
            GgufValueType.Int32 => cursor.Array<int>(count, key),
            GgufValueType.Float32 => cursor.Array<float>(count, key),
            GgufValueType.UInt64 => cursor.Array<ulong>(count, key),
            GgufValueType.Int64 => cursor.Array<long>(count, key),
            GgufValueType.Float64 => cursor.Array<double>(count, key),
            _ => ReadElements(ref cursor, elementType, count, key, depth),
        };
        return new GgufArray(elementType, values);
    }

    private static Array ReadElements(ref GgufCursor cursor, GgufValueType elementType, long count, string key, int depth)
    {
        switch (elementType)
        {
            case GgufValueType.Bool:
            {
                var values = new bool[count];
                for (long i = 0; i < count; i++)
                    values[i] = ReadBool(ref cursor, key);
                return values;
            }
            case GgufValueType.String:
            {
                var values = new string[count];
                for (long i = 0; i < count; i++)
                    values[i] = cursor.String($"element {i} of '{key}'");
                return values;
            }
            default:
            {
                var values = new GgufArray[count];
                for (long i = 0; i < count; i++)
                    values[i] = ReadArray(ref cursor, key, depth + 1);
                return values;
            }
        }
    }
}
