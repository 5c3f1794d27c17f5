using FrozenLm.LanguageModels.Checkpoints.Onnx;

namespace FrozenLm.Tests.LanguageModels.Formats;

/// <summary>
/// Builds a small BERT-shaped ONNX graph with FrozenLm's protobuf writer: anonymous [in, out] MatMul weights added to
/// named biases, LayerNormalization nodes (epsilon 1e-6), a constant head split [0, 0, 2, 4], an Erf. Hidden 8, FFN 16.
/// Weights are value(k, i) = k + i / 1000 so tests can check any element.
/// </summary>
internal static class TinyOnnxBert
{
    public const int Hidden = 8;
    public const int Ffn = 16;

    public static float Value(int weightIndex, int flatIndex) => weightIndex + flatIndex / 1000f;

    /// <summary>The model bytes, and which anonymous initializer became which HF weight.</summary>
    public static (byte[] Bytes, Dictionary<string, string> WeightOf) Build(int layers, bool externalFirstWeight = false, string prefix = "")
    {
        var graph = new ProtoWriter();
        var weightOf = new Dictionary<string, string>();
        var k = 0;
        var x = "hidden_in";
        string Linear(string input, string module, int inDim, int outDim, bool packedFloats)
        {
            var weight = $"w{k}";
            weightOf[$"{module}.weight"] = weight;
            graph.Message(5, FloatTensor(weight, [inDim, outDim], k, packedFloats, external: externalFirstWeight && k == 0));
            k++;
            graph.Message(5, FloatTensor($"{module}.bias", [outDim], 100, packedFloats: false));
            graph.Message(1, Node("MatMul", [input, weight], [$"{module}/mm"]));
            graph.Message(1, Node("Add", [$"{module}.bias", $"{module}/mm"], [$"{module}/out"]));
            return $"{module}/out";
        }

        string LayerNorm(string input, string module)
        {
            graph.Message(5, FloatTensor($"{module}.weight", [Hidden], 200, packedFloats: false));
            graph.Message(5, FloatTensor($"{module}.bias", [Hidden], 300, packedFloats: false));
            var attr = new ProtoWriter().String(1, "epsilon").Fixed32(2, BitConverter.SingleToUInt32Bits(1e-6f)).Varint(20, 1);
            graph.Message(1, Node("LayerNormalization", [input, $"{module}.weight", $"{module}.bias"], [$"{module}/out"], attr));
            return $"{module}/out";
        }

        for (var i = 0; i < layers; i++)
        {
            var p = $"{prefix}encoder.layer.{i}";
            var q = Linear(x, $"{p}.attention.self.query", Hidden, Hidden, packedFloats: true);
            Linear(x, $"{p}.attention.self.key", Hidden, Hidden, packedFloats: false);
            var v = Linear(x, $"{p}.attention.self.value", Hidden, Hidden, packedFloats: false);
            graph.Message(5, new ProtoWriter().Varint(1, 4).Varint(2, 7).String(8, $"{p}/split").PackedInt64s(7, [0, 0, 2, 4]));
            graph.Message(1, Node("Reshape", [q, $"{p}/split"], [$"{p}/q4"]));
            var o = Linear(v, $"{p}.attention.output.dense", Hidden, Hidden, packedFloats: false);
            var h = LayerNorm(o, $"{p}.attention.output.LayerNorm");
            var inter = Linear(h, $"{p}.intermediate.dense", Hidden, Ffn, packedFloats: false);
            graph.Message(1, Node("Erf", [inter], [$"{p}/erf"]));
            var down = Linear($"{p}/erf", $"{p}.output.dense", Ffn, Hidden, packedFloats: false);
            x = LayerNorm(down, $"{p}.output.LayerNorm");
        }

        graph.Message(11, new ProtoWriter().String(1, "hidden_in"));
        graph.Message(12, new ProtoWriter().String(1, x));
        var model = new ProtoWriter().Varint(1, 8).String(2, "frozenlm-tests").Message(7, graph)
            .Message(8, new ProtoWriter().Varint(2, 17));
        return (model.ToArray(), weightOf);
    }

    private static ProtoWriter Node(string op, string[] inputs, string[] outputs, ProtoWriter? attribute = null)
    {
        var node = new ProtoWriter();
        foreach (var i in inputs)
        {
            node.String(1, i);
        }

        foreach (var o in outputs)
        {
            node.String(2, o);
        }

        node.String(3, op + "_" + outputs[0]).String(4, op);
        if (attribute is not null)
        {
            node.Message(5, attribute);
        }

        return node;
    }

    private static ProtoWriter FloatTensor(string name, long[] shape, int weightIndex, bool packedFloats, bool external = false)
    {
        var count = (int)shape.Aggregate(1L, (a, b) => a * b);
        var values = new byte[count * 4];
        for (var j = 0; j < count; j++)
        {
            BitConverter.TryWriteBytes(values.AsSpan(j * 4), Value(weightIndex, j));
        }

        var t = new ProtoWriter();
        foreach (var d in shape)
        {
            t.Int64(1, d);
        }

        t.Varint(2, 1).String(8, name);
        if (external)
        {
            return t.Message(13, new ProtoWriter().String(1, "location").String(2, "weights.bin")).Varint(14, 1);
        }

        return packedFloats ? t.Bytes(4, values) : t.Bytes(9, values);
    }
}
