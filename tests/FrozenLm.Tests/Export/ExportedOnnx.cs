using FrozenLm.LanguageModels.Checkpoints.Onnx;

namespace FrozenLm.Tests.Export;

/// <summary>
/// An exported ModelProto read back field by field with the project's protobuf reader (independent of the writer):
/// IR version, opsets, metadata, graph inputs/outputs with their shapes, initializers and nodes in file order.
/// </summary>
internal sealed class ExportedOnnx
{
    public long IrVersion { get; private set; }
    public Dictionary<string, long> Opsets { get; } = [];
    public Dictionary<string, string> Metadata { get; } = [];
    public List<(string Name, List<string> Dims)> Inputs { get; } = [];
    public List<(string Name, List<string> Dims)> Outputs { get; } = [];
    public List<(string Name, List<long> Dims, int DataType)> Initializers { get; } = [];
    public List<(string Op, string Name, List<string> Inputs, List<string> Outputs)> Nodes { get; } = [];

    public static ExportedOnnx Read(byte[] bytes)
    {
        var model = new ExportedOnnx();
        var r = new ProtoReader(bytes, 0, "model");
        while (r.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1: model.IrVersion = r.ReadInt64(); break;
                case 7: model.ReadGraph(r.ReadMessage()); break;
                case 8:
                {
                    var m = r.ReadMessage();
                    var (domain, version) = ("", 0L);
                    while (m.TryReadTag(out var f, out var w))
                    {
                        if (f == 1) domain = m.ReadString();
                        else if (f == 2) version = m.ReadInt64();
                        else m.Skip(w);
                    }
                    model.Opsets[domain] = version;
                    break;
                }
                case 14:
                {
                    var m = r.ReadMessage();
                    var (key, value) = ("", "");
                    while (m.TryReadTag(out var f, out var w))
                    {
                        if (f == 1) key = m.ReadString();
                        else if (f == 2) value = m.ReadString();
                        else m.Skip(w);
                    }
                    model.Metadata[key] = value;
                    break;
                }
                default: r.Skip(wire); break;
            }
        }
        return model;
    }

    private void ReadGraph(ProtoReader g)
    {
        while (g.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1: Nodes.Add(ReadNode(g.ReadMessage())); break;
                case 5: Initializers.Add(ReadTensor(g.ReadMessage())); break;
                case 11: Inputs.Add(ReadValueInfo(g.ReadMessage())); break;
                case 12: Outputs.Add(ReadValueInfo(g.ReadMessage())); break;
                default: g.Skip(wire); break;
            }
        }
    }

    private static (string, string, List<string>, List<string>) ReadNode(ProtoReader n)
    {
        var (op, name, inputs, outputs) = ("", "", new List<string>(), new List<string>());
        while (n.TryReadTag(out var f, out var w))
        {
            switch (f)
            {
                case 1: inputs.Add(n.ReadString()); break;
                case 2: outputs.Add(n.ReadString()); break;
                case 3: name = n.ReadString(); break;
                case 4: op = n.ReadString(); break;
                default: n.Skip(w); break;
            }
        }
        return (op, name, inputs, outputs);
    }

    private static (string, List<long>, int) ReadTensor(ProtoReader t)
    {
        var (name, dims, type) = ("", new List<long>(), 0);
        while (t.TryReadTag(out var f, out var w))
        {
            switch (f)
            {
                case 1: t.ReadInt64s(w, dims, 16); break;
                case 2: type = (int)t.ReadInt64(); break;
                case 8: name = t.ReadString(); break;
                default: t.Skip(w); break;
            }
        }
        return (name, dims, type);
    }

    private static (string, List<string>) ReadValueInfo(ProtoReader v)
    {
        var (name, dims) = ("", new List<string>());
        while (v.TryReadTag(out var f, out var w))
        {
            if (f == 1)
                name = v.ReadString();
            else if (f == 2)
                dims = ReadShape(v.ReadMessage());
            else
                v.Skip(w);
        }
        return (name, dims);
    }

    /// <summary>TypeProto.tensor_type.shape.dim as strings: the value, or the parameter's name.</summary>
    private static List<string> ReadShape(ProtoReader type)
    {
        var dims = new List<string>();
        while (type.TryReadTag(out var f, out var w))
        {
            if (f != 1) { type.Skip(w); continue; }
            var tensor = type.ReadMessage();
            while (tensor.TryReadTag(out var tf, out var tw))
            {
                if (tf != 2) { tensor.Skip(tw); continue; }
                var shape = tensor.ReadMessage();
                while (shape.TryReadTag(out var sf, out var sw))
                {
                    if (sf != 1) { shape.Skip(sw); continue; }
                    var dim = shape.ReadMessage();
                    while (dim.TryReadTag(out var df, out var dw))
                    {
                        if (df == 1) dims.Add(dim.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
                        else if (df == 2) dims.Add(dim.ReadString());
                        else dim.Skip(dw);
                    }
                }
            }
        }
        return dims;
    }

    /// <summary>
    /// ONNX's structural rules the checker enforces: opset and IR version, unique value and node names, every node
    /// input produced earlier (graph input, initializer or an earlier node: topological order), every initializer
    /// used, every graph output produced.
    /// </summary>
    public void AssertWellFormed()
    {
        Assert.Equal(8, IrVersion);
        Assert.True(Opsets.TryGetValue("", out var opset) && opset >= 17, $"default-domain opset {opset}");
        var defined = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in Inputs.Select(i => i.Name).Concat(Initializers.Select(i => i.Name)))
            Assert.True(defined.Add(name), $"value '{name}' is defined twice");
        var nodeNames = new HashSet<string>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in Nodes)
        {
            Assert.True(nodeNames.Add(node.Name), $"node name '{node.Name}' is used twice");
            foreach (var input in node.Inputs)
            {
                Assert.True(defined.Contains(input), $"{node.Op} node '{node.Name}' reads '{input}' before it is produced");
                used.Add(input);
            }
            foreach (var output in node.Outputs)
                Assert.True(defined.Add(output), $"value '{output}' is produced twice");
        }
        foreach (var initializer in Initializers)
            Assert.True(used.Contains(initializer.Name), $"initializer '{initializer.Name}' is never used");
        foreach (var output in Outputs)
            Assert.Contains(output.Name, defined);
    }
}
