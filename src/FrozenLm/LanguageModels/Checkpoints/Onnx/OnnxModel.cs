namespace FrozenLm.LanguageModels.Checkpoints.Onnx;

/// <summary>
/// An ONNX model read with FrozenLm's own protobuf reader: the main graph's structure is parsed eagerly (cheap),
/// tensor values stay in the mapped bytes until asked for. Sub-graphs in attributes are skipped, never parsed.
/// </summary>
internal sealed class OnnxModel : IDisposable
{
    private const int MaxDims = 32;
    private const int MaxListLength = 1 << 16;
    private const long MaxElements = 1L << 40;

    private readonly IByteBlock _bytes;

    private OnnxModel(IByteBlock bytes, string location, OnnxGraph graph)
    {
        _bytes = bytes;
        Location = location;
        Graph = graph;
    }

    public string Location { get; }

    public OnnxGraph Graph { get; }

    public ReadOnlySpan<byte> ModelBytes => _bytes.Span;

    /// <summary>Parses the model held by <paramref name="bytes"/>; takes ownership of it (disposed on failure too).</summary>
    public static OnnxModel Parse(IByteBlock bytes, string location)
    {
        try
        {
            var graph = ParseModel(bytes.Span, location);
            return new OnnxModel(bytes, location, graph);
        }
        catch
        {
            bytes.Dispose();
            throw;
        }
    }

    public static OnnxModel Open(string path) => Parse(MappedBytes.Open(path, path), path);

    /// <summary>The stored bytes of a tensor (little-endian, row-major); throws for tensors that cannot be read.</summary>
    public ReadOnlySpan<byte> Data(OnnxTensorRecord record)
    {
        if (record.Problem is not null)
        {
            throw new UserInputException(Location, $"tensor '{record.Name}': {record.Problem}");
        }

        return record.Inline ?? _bytes.Span.Slice((int)record.DataOffset, record.DataLength);
    }

    /// <summary>The integer values of a constant (an initializer or a Constant node's output), or null.</summary>
    public long[]? ConstantInts(string valueName)
    {
        var record = ConstantRecord(valueName, out var attribute);
        if (attribute is { Ints.Length: > 0 })
        {
            return attribute.Ints;
        }

        if (attribute is { Int: { } single })
        {
            return [single];
        }

        if (record is null || record.Problem is not null || record.ElementCount > MaxListLength)
        {
            return null;
        }

        var data = Data(record);
        return record.DType switch
        {
            "I64" => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(data).ToArray(),
            "I32" => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(data).ToArray().Select(v => (long)v).ToArray(),
            _ => null,
        };
    }

    /// <summary>The value of a one-element floating-point constant, or null.</summary>
    public double? ConstantScalar(string valueName)
    {
        var record = ConstantRecord(valueName, out var attribute);
        if (attribute is { Float: { } f })
        {
            return f;
        }

        if (record is null || record.Problem is not null || record.ElementCount != 1)
        {
            return null;
        }

        var data = Data(record);
        return record.DType switch
        {
            "F32" => OnnxModelParsing.Tidy(BitConverter.ToSingle(data)),
            "F64" => BitConverter.ToDouble(data),
            _ => null,
        };
    }

    public void Dispose() => _bytes.Dispose();

    private OnnxTensorRecord? ConstantRecord(string valueName, out OnnxAttribute? attribute)
    {
        attribute = null;
        if (Graph.Initializers.TryGetValue(valueName, out var init))
        {
            return init;
        }

        if (!Graph.Producers.TryGetValue(valueName, out var node) || node.OpType != "Constant")
        {
            return null;
        }

        if (node.Attributes.TryGetValue("value", out var value))
        {
            return value.Tensor;
        }

        attribute = node.Attributes.GetValueOrDefault("value_ints") ?? node.Attributes.GetValueOrDefault("value_int")
            ?? node.Attributes.GetValueOrDefault("value_float");
        return null;
    }

    private static OnnxGraph ParseModel(ReadOnlySpan<byte> data, string location)
    {
        var reader = new ProtoReader(data, 0, location);
        OnnxGraph? graph = null;
        var sawIrVersion = false;
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == 1 && wire == ProtoWireType.Varint)
            {
                reader.ReadVarint();
                sawIrVersion = true;
            }
            else if (field == 7 && wire == ProtoWireType.Len)
            {
                if (graph is not null)
                {
                    throw reader.Bad("more than one graph in the ONNX model");
                }

                var bytes = reader.ReadBytes(out var offset);
                graph = ParseGraph(new ProtoReader(bytes, offset, location), offset, bytes.Length);
            }
            else
            {
                reader.Skip(wire);
            }
        }

        if (!sawIrVersion || graph is null)
        {
            throw new UserInputException(location, "not an ONNX model (no ir_version or no graph)");
        }

        return graph;
    }

    private static OnnxGraph ParseGraph(ProtoReader reader, long offset, int length)
    {
        var nodes = new List<OnnxNode>();
        var initializers = new Dictionary<string, OnnxTensorRecord>(StringComparer.Ordinal);
        var inputs = new List<string>();
        var outputs = new List<string>();
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == ProtoWireType.Len:
                    var nodeReader = reader.ReadMessage();
                    nodes.Add(ParseNode(ref nodeReader));
                    break;
                case 5 when wire == ProtoWireType.Len:
                    var tensorReader = reader.ReadMessage();
                    var tensor = ParseTensor(ref tensorReader);
                    if (!initializers.TryAdd(tensor.Name, tensor))
                    {
                        throw reader.Bad($"duplicate initializer '{tensor.Name}'");
                    }

                    break;
                case 11 or 12 when wire == ProtoWireType.Len:
                    var valueInfo = reader.ReadMessage();
                    (field == 11 ? inputs : outputs).Add(ParseValueInfoName(ref valueInfo));
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return new OnnxGraph
        {
            Nodes = nodes,
            Initializers = initializers,
            Inputs = inputs,
            Outputs = outputs,
            GraphOffset = offset,
            GraphLength = length,
        };
    }

    private static string ParseValueInfoName(ref ProtoReader reader)
    {
        var name = "";
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == 1 && wire == ProtoWireType.Len)
            {
                name = reader.ReadString();
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return name;
    }

    private static OnnxNode ParseNode(ref ProtoReader reader)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new Dictionary<string, OnnxAttribute>(StringComparer.Ordinal);
        string name = "", opType = "", domain = "";
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1 or 2 when wire == ProtoWireType.Len:
                    var list = field == 1 ? inputs : outputs;
                    if (list.Count >= MaxListLength)
                    {
                        throw reader.Bad($"a node has more than {MaxListLength} inputs or outputs");
                    }

                    list.Add(reader.ReadString());
                    break;
                case 3 when wire == ProtoWireType.Len:
                    name = reader.ReadString();
                    break;
                case 4 when wire == ProtoWireType.Len:
                    opType = reader.ReadString();
                    break;
                case 7 when wire == ProtoWireType.Len:
                    domain = reader.ReadString();
                    break;
                case 5 when wire == ProtoWireType.Len:
                    var attributeReader = reader.ReadMessage();
                    var attribute = ParseAttribute(ref attributeReader);
                    attributes[attribute.Name] = attribute;
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (opType.Length == 0)
        {
            throw reader.Bad($"node '{name}' has no op_type");
        }

        return new OnnxNode(opType, name, domain, [.. inputs], [.. outputs], attributes);
    }

    private static OnnxAttribute ParseAttribute(ref ProtoReader reader)
    {
        string name = "";
        string? text = null;
        double? f = null;
        long? i = null;
        OnnxTensorRecord? tensor = null;
        var ints = new List<long>();
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == ProtoWireType.Len:
                    name = reader.ReadString();
                    break;
                case 2 when wire == ProtoWireType.Fixed32:
                    f = OnnxModelParsing.Tidy(BitConverter.UInt32BitsToSingle(reader.ReadFixed32()));
                    break;
                case 3 when wire == ProtoWireType.Varint:
                    i = reader.ReadInt64();
                    break;
                case 4 when wire == ProtoWireType.Len:
                    text = reader.ReadString();
                    break;
                case 5 when wire == ProtoWireType.Len:
                    var tensorReader = reader.ReadMessage();
                    tensor = ParseTensor(ref tensorReader);
                    break;
                case 8 when wire is ProtoWireType.Len or ProtoWireType.Varint:
                    reader.ReadInt64s(wire, ints, MaxListLength);
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return new OnnxAttribute(name, f, i, text, [.. ints], tensor);
    }

    private static OnnxTensorRecord ParseTensor(ref ProtoReader reader)
    {
        var dims = new List<long>();
        int dataType = 0;
        string name = "";
        long rawOffset = -1;
        int rawLength = 0;
        var rawField = 0;
        byte[]? inline = null;
        var external = false;
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire is ProtoWireType.Len or ProtoWireType.Varint:
                    reader.ReadInt64s(wire, dims, MaxDims);
                    break;
                case 2 when wire == ProtoWireType.Varint:
                    dataType = reader.ReadInt32();
                    break;
                case 8 when wire == ProtoWireType.Len:
                    name = reader.ReadString();
                    break;
                case 4 or 9 or 10 when wire == ProtoWireType.Len:
                    if (rawField != 0)
                    {
                        throw reader.Bad($"tensor '{name}' stores its values twice");
                    }

                    rawField = field;
                    rawLength = reader.ReadBytes(out rawOffset).Length;
                    break;
                case 7 when wire == ProtoWireType.Len:
                    if (rawField != 0)
                    {
                        throw reader.Bad($"tensor '{name}' stores its values twice");
                    }

                    rawField = field;
                    var values = new List<long>();
                    reader.ReadInt64s(wire, values, MaxListLength);
                    inline = new byte[values.Count * 8];
                    System.Runtime.InteropServices.MemoryMarshal.AsBytes(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values)).CopyTo(inline);
                    rawLength = inline.Length;
                    break;
                case 13 when wire == ProtoWireType.Len:
                    external = true;
                    reader.Skip(wire);
                    break;
                case 14 when wire == ProtoWireType.Varint:
                    external |= reader.ReadVarint() == 1;
                    break;
                case 4 or 5 or 7 or 10 or 11 when wire != ProtoWireType.Len:
                    throw reader.Bad($"tensor '{name}' uses unpacked repeated values, which FrozenLm does not read");
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        var shape = dims.ToArray();
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0 || (d > 0 && count > MaxElements / d))
            {
                throw reader.Bad($"tensor '{name}' has an invalid shape [{string.Join(",", shape)}]");
            }

            count *= d;
        }

        var dtype = OnnxModelParsing.DType(dataType);
        string? problem = null;
        if (external)
        {
            problem = "its values are stored as external data (a separate file), which FrozenLm does not read; "
                + "re-export the model with the weights inside the .onnx file";
        }
        else if (dtype is null)
        {
            problem = $"unsupported ONNX data type {dataType}";
        }
        else if (rawField is 4 && dtype != "F32" || rawField is 10 && dtype != "F64" || rawField is 7 && dtype != "I64")
        {
            throw reader.Bad($"tensor '{name}' stores {dtype} values in the wrong field ({rawField})");
        }
        else if (rawField == 0 && count != 0)
        {
            problem = "no values stored in raw_data, float_data, int64_data or double_data";
        }
        else if (count * RawTensors.ElementSize(dtype) != rawLength)
        {
            throw reader.Bad($"tensor '{name}' holds {rawLength} bytes, but shape [{string.Join(",", shape)}] of {dtype} needs {count * RawTensors.ElementSize(dtype)}");
        }

        return new OnnxTensorRecord(name, dtype ?? $"onnx:{dataType}", shape, rawOffset, rawLength)
        {
            Inline = inline,
            Problem = problem,
        };
    }
}
