using System.Runtime.InteropServices;
using FrozenLm.LanguageModels.Checkpoints.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels.Onnx;

/// <summary>
/// Builds an ONNX graph (opset <see cref="Opset"/>, float32) node by node in topological order: unique value and node
/// names, initializers named by their state-dict keys, and the composite operators the exported modules share
/// (linear, layer and RMS norm, the activations, multi-head and grouped-query attention). <see cref="OnnxModelWriter"/>
/// serialises the result.
/// </summary>
public sealed class OnnxGraphBuilder
{
    /// <summary>The default-domain opset the graph uses (LayerNormalization needs 17).</summary>
    public const int Opset = 17;

    private const int FloatType = 1;
    private const int Int64Type = 7;

    private readonly List<byte[]> _nodes = [];
    private readonly List<byte[]> _initializers = [];
    private readonly HashSet<string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nodeNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);

    /// <summary>Nodes so far, each a serialised NodeProto.</summary>
    internal IReadOnlyList<byte[]> NodeProtos => _nodes;

    /// <summary>Initializers so far, each a serialised TensorProto.</summary>
    internal IReadOnlyList<byte[]> InitializerProtos => _initializers;

    /// <summary>Declares a graph input name (it must not clash with a value made later).</summary>
    public string Input(string name)
    {
        if (!_values.Add(name))
            throw new InvalidOperationException($"ONNX value '{name}' is declared twice");
        return name;
    }

    /// <summary>A float32 initializer named <paramref name="name"/> holding <paramref name="tensor"/> (any float dtype, any device).</summary>
    public string Initializer(string name, Tensor tensor)
    {
        using var scope = torch.NewDisposeScope();
        var t = tensor.detach().to(ScalarType.Float32).cpu().contiguous();
        var data = t.data<float>().ToArray();
        return AddInitializer(name, t.shape, FloatType, MemoryMarshal.AsBytes(data.AsSpan()));
    }

    /// <summary>An int64 constant (shapes, axes), shared between nodes that ask for the same values.</summary>
    public string Ints(params long[] values)
    {
        var key = "i64:" + string.Join(",", values);
        if (_constants.TryGetValue(key, out var name))
            return name;
        name = AddInitializer(FreeName("const_i64_" + string.Join("_", values).Replace('-', 'm')), [values.Length], Int64Type,
            MemoryMarshal.AsBytes(values.AsSpan()));
        _constants[key] = name;
        return name;
    }

    /// <summary>A float32 scalar constant, shared between nodes that ask for the same value.</summary>
    public string Scalar(float value)
    {
        var key = "f32:" + BitConverter.SingleToInt32Bits(value);
        if (_constants.TryGetValue(key, out var name))
            return name;
        Span<float> one = [value];
        name = AddInitializer(FreeName("const_f32"), [], FloatType, MemoryMarshal.AsBytes(one));
        _constants[key] = name;
        return name;
    }

    /// <summary>Adds one node with one output named after <paramref name="outputHint"/>; returns the output's name.</summary>
    public string Node(string opType, string[] inputs, string outputHint, params OnnxAttr[] attributes) =>
        Nodes(opType, inputs, [outputHint], attributes)[0];

    /// <summary>Adds one node with an output per hint; returns the outputs' unique names.</summary>
    public string[] Nodes(string opType, string[] inputs, string[] outputHints, params OnnxAttr[] attributes)
    {
        foreach (var input in inputs)
        {
            if (input.Length > 0 && !_values.Contains(input))
                throw new InvalidOperationException($"ONNX node {opType} reads '{input}' before anything produces it");
        }
        var outputs = outputHints.Select(UniqueValue).ToArray();
        var nodeName = UniqueNodeName(outputs[0]);
        var node = new ProtoWriter();
        foreach (var input in inputs)
            node.String(1, input);
        foreach (var output in outputs)
            node.String(2, output);
        node.String(3, nodeName);
        node.String(4, opType);
        foreach (var attribute in attributes)
            node.Message(5, attribute.ToProto());
        _nodes.Add(node.ToArray());
        return outputs;
    }

    /// <summary>y = x W^T (+ b) for a PyTorch Linear weight [out, in] (initializers keep the stored layout).</summary>
    public string Linear(string x, string weight, string? bias, string hint)
    {
        var wt = Node("Transpose", [weight], hint + ".weight_t", OnnxAttr.Ints("perm", 1, 0));
        var y = Node("MatMul", [x, wt], hint + ".matmul");
        return bias is null ? y : Node("Add", [y, bias], hint + ".out");
    }

    /// <summary>LayerNormalization over the last axis.</summary>
    public string LayerNorm(string x, string weight, string bias, double eps, string hint) =>
        Node("LayerNormalization", [x, weight, bias], hint + ".out", OnnxAttr.Int("axis", -1), OnnxAttr.Float("epsilon", eps));

    /// <summary>x / sqrt(mean(x²) + eps), times <paramref name="weight"/> (+ <paramref name="weightOffset"/>) when given.</summary>
    public string RmsNorm(string x, string? weight, double eps, string hint, float weightOffset = 0f)
    {
        var square = Node("Mul", [x, x], hint + ".square");
        var mean = Node("ReduceMean", [square], hint + ".mean", OnnxAttr.Ints("axes", -1), OnnxAttr.Int("keepdims", 1));
        var rms = Node("Sqrt", [Node("Add", [mean, Scalar((float)eps)], hint + ".var_eps")], hint + ".rms");
        var y = Node("Div", [x, rms], hint + ".normed");
        if (weight is null)
            return y;
        var scale = weightOffset == 0f ? weight : Node("Add", [weight, Scalar(weightOffset)], hint + ".scale");
        return Node("Mul", [y, scale], hint + ".out");
    }

    /// <summary>The Hugging Face activation <paramref name="name"/> as <see cref="LmActivation"/> computes it.</summary>
    public string Activation(string name, string x, string hint) => name switch
    {
        "silu" or "swish" => Node("Mul", [x, Node("Sigmoid", [x], hint + ".sigmoid")], hint + ".silu"),
        "relu" => Node("Relu", [x], hint + ".relu"),
        "gelu" => ErfGelu(x, hint),
        "gelu_new" or "gelu_pytorch_tanh" or "gelu_fast" => TanhGelu(x, hint),
        "quick_gelu" => Node("Mul", [x, Node("Sigmoid", [Node("Mul", [x, Scalar(1.702f)], hint + ".scaled")], hint + ".sigmoid")],
            hint + ".quick_gelu"),
        _ => throw new ArgumentException($"unsupported activation '{name}'", nameof(name)),
    };

    /// <summary>Exact GELU: 0.5·x·(1 + erf(x/√2)).</summary>
    public string ErfGelu(string x, string hint)
    {
        var erf = Node("Erf", [Node("Mul", [x, Scalar((float)(1.0 / Math.Sqrt(2.0)))], hint + ".div_sqrt2")], hint + ".erf");
        var gate = Node("Mul", [Node("Add", [erf, Scalar(1f)], hint + ".erf_plus1"), Scalar(0.5f)], hint + ".gate");
        return Node("Mul", [x, gate], hint + ".gelu");
    }

    private string TanhGelu(string x, string hint)
    {
        var cube = Node("Mul", [Node("Mul", [x, x], hint + ".sq"), x], hint + ".cube");
        var inner = Node("Add", [x, Node("Mul", [cube, Scalar(0.044715f)], hint + ".cubic")], hint + ".inner");
        var tanh = Node("Tanh", [Node("Mul", [inner, Scalar((float)Math.Sqrt(2.0 / Math.PI))], hint + ".scaled")], hint + ".tanh");
        var gate = Node("Mul", [Node("Add", [tanh, Scalar(1f)], hint + ".tanh_plus1"), Scalar(0.5f)], hint + ".gate");
        return Node("Mul", [x, gate], hint + ".gelu");
    }

    /// <summary>
    /// Full (unmasked) attention as <see cref="LmAttention"/>: q [B, T, heads·hd], k and v [B, T, kvHeads·hd] ->
    /// [B, T, heads·hd]; key/value heads repeated (repeat_interleave) when <paramref name="kvHeads"/> &lt; heads.
    /// </summary>
    public string Attention(string q, string k, string v, int heads, int kvHeads, int headDim, string hint)
    {
        var qh = Node("Transpose", [Node("Reshape", [q, Ints(0, 0, heads, headDim)], hint + ".q_heads")], hint + ".q_bhtd",
            OnnxAttr.Ints("perm", 0, 2, 1, 3));                                             // [B, H, T, hd]
        var kt = Node("Transpose", [Node("Reshape", [k, Ints(0, 0, kvHeads, headDim)], hint + ".k_heads")], hint + ".k_bhdt",
            OnnxAttr.Ints("perm", 0, 2, 3, 1));                                             // [B, KV, hd, T]
        var vh = Node("Transpose", [Node("Reshape", [v, Ints(0, 0, kvHeads, headDim)], hint + ".v_heads")], hint + ".v_bhtd",
            OnnxAttr.Ints("perm", 0, 2, 1, 3));                                             // [B, KV, T, hd]
        if (kvHeads != heads)
        {
            if (heads % kvHeads != 0)
                throw new ArgumentException($"{heads} heads are not a multiple of {kvHeads} key/value heads");
            var repeat = Ints(1, 1, heads / kvHeads, 1, 1);
            kt = Node("Reshape", [Node("Expand", [Node("Unsqueeze", [kt, Ints(2)], hint + ".k_group"), repeat], hint + ".k_repeat"),
                Ints(0, heads, headDim, -1)], hint + ".k_all");                            // [B, H, hd, T]
            vh = Node("Reshape", [Node("Expand", [Node("Unsqueeze", [vh, Ints(2)], hint + ".v_group"), repeat], hint + ".v_repeat"),
                Ints(0, heads, -1, headDim)], hint + ".v_all");                            // [B, H, T, hd]
        }
        var scores = Node("Mul", [Node("MatMul", [qh, kt], hint + ".qk"), Scalar((float)(1.0 / Math.Sqrt(headDim)))],
            hint + ".scores");                                                              // [B, H, T, T]
        var probs = Node("Softmax", [scores], hint + ".probs", OnnxAttr.Int("axis", -1));
        var context = Node("Transpose", [Node("MatMul", [probs, vh], hint + ".context_bhtd")], hint + ".context_bthd",
            OnnxAttr.Ints("perm", 0, 2, 1, 3));                                             // [B, T, H, hd]
        return Node("Reshape", [context, Ints(0, 0, (long)heads * headDim)], hint + ".context");
    }

    private string AddInitializer(string name, long[] dims, int dataType, ReadOnlySpan<byte> raw)
    {
        if (!_values.Add(name))
            throw new InvalidOperationException($"ONNX initializer '{name}' is declared twice");
        var tensor = new ProtoWriter(raw.Length + 64);
        foreach (var d in dims)
            tensor.Int64(1, d);
        tensor.Varint(2, (ulong)dataType);
        tensor.String(8, name);
        tensor.Bytes(9, raw);
        _initializers.Add(tensor.ToArray());
        return name;
    }

    private string FreeName(string hint)
    {
        var name = hint;
        for (var i = 1; _values.Contains(name); i++)
            name = $"{hint}_{i}";
        return name;
    }

    private string UniqueValue(string hint)
    {
        var name = hint;
        for (var i = 1; !_values.Add(name); i++)
            name = $"{hint}_{i}";
        return name;
    }

    private string UniqueNodeName(string output)
    {
        var name = "node:" + output;
        for (var i = 1; !_nodeNames.Add(name); i++)
            name = $"node:{output}_{i}";
        return name;
    }
}
