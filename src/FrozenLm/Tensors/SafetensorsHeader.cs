using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace FrozenLm.Tensors;

/// <summary>
/// The parsed and fully validated header of a safetensors file: every entry's dtype, shape and byte range are checked
/// against the file before any tensor is read.
/// </summary>
public sealed class SafetensorsHeader
{
    /// <summary>Largest header accepted (the reference implementation uses the same cap).</summary>
    public const long MaxHeaderBytes = 100L * 1024 * 1024;

    private SafetensorsHeader(long dataStart, IReadOnlyDictionary<string, SafetensorsEntry> entries,
        IReadOnlyDictionary<string, string> metadata)
    {
        DataStart = dataStart;
        Entries = entries;
        Metadata = metadata;
    }

    /// <summary>File offset of the first data byte (8 + header length).</summary>
    public long DataStart { get; }

    public IReadOnlyDictionary<string, SafetensorsEntry> Entries { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Reads and validates the header of <paramref name="path"/>.</summary>
    public static SafetensorsHeader Read(string path)
    {
        using var stream = OpenForRead(path);
        var fileLength = stream.Length;
        if (fileLength < 8)
            throw new UserInputException(path, $"truncated safetensors file: {fileLength} bytes, shorter than the 8-byte header length");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > (ulong)MaxHeaderBytes)
            throw new UserInputException(path, $"safetensors header length {headerLength} bytes exceeds the {MaxHeaderBytes} byte limit");
        if (headerLength > (ulong)(fileLength - 8))
            throw new UserInputException(path,
                $"safetensors header length {headerLength} bytes goes beyond the end of the file ({fileLength} bytes)");
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        var dataStart = 8 + (long)headerLength;
        return Parse(path, headerBytes, dataStart, fileLength - dataStart);
    }

    private static FileStream OpenForRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UserInputException(path, "no such file or directory", e);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new UserInputException(path, "cannot be read: " + e.Message, e);
        }
    }

    private static SafetensorsHeader Parse(string path, byte[] headerBytes, long dataStart, long dataLength)
    {
        JsonDocument doc;
        try
        {
            var text = new UTF8Encoding(false, true).GetString(headerBytes);
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (Exception e) when (e is JsonException or DecoderFallbackException or ArgumentException)
        {
            throw new UserInputException(path, "safetensors header is not well-formed JSON: " + FirstLine(e.Message), e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new UserInputException(path, "safetensors header must be a JSON object");
            var entries = new Dictionary<string, SafetensorsEntry>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw new UserInputException(path, $"safetensors header names '{property.Name}' twice");
                if (property.Name == "__metadata__")
                    ReadMetadata(path, property.Value, metadata);
                else
                    entries[property.Name] = ReadEntry(path, property.Name, property.Value, dataLength);
            }
            CheckNoOverlap(path, entries.Values);
            return new SafetensorsHeader(dataStart, entries, metadata);
        }
    }

    private static void ReadMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new UserInputException(path, "safetensors __metadata__ must be an object of strings");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw new UserInputException(path, $"safetensors __metadata__ value '{item.Name}' is not a string");
            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static SafetensorsEntry ReadEntry(string path, string name, JsonElement value, long dataLength)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new UserInputException(path, $"tensor '{name}': header entry is not an object");
        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw new UserInputException(path, $"tensor '{name}': header entry has no string 'dtype'");
        var dtype = dtypeElement.GetString()!;
        if (!SafetensorsDTypes.IsKnown(dtype))
            throw new UserInputException(path,
                $"tensor '{name}': unknown dtype '{dtype}' (supported: {string.Join(", ", SafetensorsDTypes.Supported)})");
        if (!value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw new UserInputException(path, $"tensor '{name}': header entry has no 'shape' array");
        var shape = new long[shapeElement.GetArrayLength()];
        var i = 0;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out var d))
                throw new UserInputException(path, $"tensor '{name}': shape entry {i} is not an integer");
            if (d < 0)
                throw new UserInputException(path, $"tensor '{name}': shape entry {i} is negative ({d})");
            shape[i++] = d;
        }
        if (!value.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array ||
            offsets.GetArrayLength() != 2)
            throw new UserInputException(path, $"tensor '{name}': header entry has no 'data_offsets' pair");
        var begin = ReadOffset(path, name, offsets[0]);
        var end = ReadOffset(path, name, offsets[1]);
        if (end < begin)
            throw new UserInputException(path, $"tensor '{name}': data_offsets [{begin}, {end}] end before they begin");
        if (end > dataLength)
            throw new UserInputException(path,
                $"tensor '{name}': data_offsets [{begin}, {end}] lie outside the data area ({dataLength} bytes)");
        var expected = ExpectedBytes(path, name, dtype, shape);
        if (end - begin != expected)
            throw new UserInputException(path,
                $"tensor '{name}': {end - begin} bytes stored but dtype {dtype} x shape [{string.Join(", ", shape)}] needs {expected}");
        return new SafetensorsEntry(new TensorInfo(name, dtype, shape), begin, end);
    }

    private static long ReadOffset(string path, string name, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var v) || v < 0)
            throw new UserInputException(path, $"tensor '{name}': data_offsets must be non-negative integers");
        return v;
    }

    private static long ExpectedBytes(string path, string name, string dtype, long[] shape)
    {
        try
        {
            var count = 1L;
            foreach (var d in shape)
                count = checked(count * d);
            return checked(count * SafetensorsDTypes.SizeOf(dtype));
        }
        catch (OverflowException e)
        {
            throw new UserInputException(path, $"tensor '{name}': shape [{string.Join(", ", shape)}] is too large", e);
        }
    }

    private static void CheckNoOverlap(string path, IEnumerable<SafetensorsEntry> entries)
    {
        SafetensorsEntry? previous = null;
        foreach (var entry in entries.Where(e => e.ByteLength > 0).OrderBy(e => e.Begin))
        {
            if (previous is not null && entry.Begin < previous.End)
                throw new UserInputException(path,
                    $"tensors '{previous.Info.Name}' and '{entry.Info.Name}' overlap in the data area " +
                    $"([{previous.Begin}, {previous.End}] and [{entry.Begin}, {entry.End}])");
            previous = entry;
        }
    }

    private static string FirstLine(string message) => message.ReplaceLineEndings(" ");
}
