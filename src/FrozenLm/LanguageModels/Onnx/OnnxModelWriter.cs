using FrozenLm.LanguageModels.Checkpoints.Onnx;

namespace FrozenLm.LanguageModels.Onnx;

/// <summary>
/// Serialises a built graph as an ONNX ModelProto (IR version <see cref="IrVersion"/>, default-domain opset
/// <see cref="OnnxGraphBuilder.Opset"/>) with its inputs, outputs and <c>metadata_props</c>.
/// </summary>
public static class OnnxModelWriter
{
    /// <summary>The IR version of opset 17 (ONNX 1.12).</summary>
    public const int IrVersion = 8;

    /// <summary>Protobuf messages cannot exceed 2 GiB, so neither can a model without external data.</summary>
    public const long MaxModelBytes = int.MaxValue;

    private const int FloatType = 1;

    /// <summary>Writes the model to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, OnnxGraphBuilder graph, string graphName, IReadOnlyList<OnnxTensorSpec> inputs,
        IReadOnlyList<OnnxTensorSpec> outputs, IReadOnlyList<KeyValuePair<string, string>> metadata, string docString)
    {
        var g = new ProtoWriter();
        foreach (var node in graph.NodeProtos)
            g.Bytes(1, node);
        g.String(2, graphName);
        foreach (var initializer in graph.InitializerProtos)
            g.Bytes(5, initializer);
        foreach (var input in inputs)
            g.Message(11, ValueInfo(input));
        foreach (var output in outputs)
            g.Message(12, ValueInfo(output));
        if (g.Length > MaxModelBytes)
            throw new UserInputException("--out", $"the model is {g.Length >> 20} MiB, over ONNX's 2 GiB limit for one file");

        var model = new ProtoWriter();
        model.Int64(1, IrVersion);
        model.String(2, "frozenlm");
        model.String(3, typeof(OnnxModelWriter).Assembly.GetName().Version?.ToString() ?? "0");
        model.String(6, docString);
        model.Message(8, new ProtoWriter().String(1, "").Int64(2, OnnxGraphBuilder.Opset));
        foreach (var (key, value) in metadata)
            model.Message(14, new ProtoWriter().String(1, key).String(2, value));
        model.LenHeader(7, g.Length);
        model.WriteTo(stream);
        g.WriteTo(stream);
    }

    /// <summary>The model as bytes (tests, in-memory sessions).</summary>
    public static byte[] ToBytes(OnnxGraphBuilder graph, string graphName, IReadOnlyList<OnnxTensorSpec> inputs,
        IReadOnlyList<OnnxTensorSpec> outputs, IReadOnlyList<KeyValuePair<string, string>> metadata, string docString)
    {
        using var stream = new MemoryStream();
        Write(stream, graph, graphName, inputs, outputs, metadata, docString);
        return stream.ToArray();
    }

    private static ProtoWriter ValueInfo(OnnxTensorSpec spec)
    {
        var shape = new ProtoWriter();
        foreach (var dim in spec.Shape)
        {
            var d = new ProtoWriter();
            if (dim is { } value)
                d.Int64(1, value);
            else
                d.String(2, OnnxTensorSpec.BatchDim);
            shape.Message(1, d);
        }
        var tensorType = new ProtoWriter().Varint(1, FloatType).Message(2, shape);
        return new ProtoWriter().String(1, spec.Name).Message(2, new ProtoWriter().Message(1, tensorType));
    }
}
