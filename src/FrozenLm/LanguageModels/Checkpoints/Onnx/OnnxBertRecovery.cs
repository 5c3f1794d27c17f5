using System.Text.RegularExpressions;
using FrozenLm.LanguageModels.Families;

namespace FrozenLm.LanguageModels.Checkpoints.Onnx;

/// <summary>
/// Recovers Hugging Face BERT names and the block config from an exported BERT graph. Exporters keep bias and LayerNorm
/// names but turn Linear weights into anonymous [in, out] MatMul initializers; each is named after the bias added to
/// its product (<c>X.bias</c> gives <c>X.weight</c>) and exposed transposed to Linear's [out, in]. Layers may sit
/// under a <c>bert.</c> or <c>roberta.</c> prefix (task-head exports).
/// </summary>
internal static partial class OnnxBertRecovery
{
    private static readonly string[] LayerKeys =
    [
        "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
        "intermediate.dense", "output.dense",
    ];

    public static (IReadOnlyDictionary<string, OnnxNamedTensor> Tensors, LmConfig Config) Recover(OnnxModel model)
    {
        var graph = model.Graph;
        var tensors = new Dictionary<string, OnnxNamedTensor>(StringComparer.Ordinal);
        var consumedAsWeight = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, record) in graph.Initializers)
        {
            if (!name.EndsWith(".bias", StringComparison.Ordinal) || !graph.Consumers.TryGetValue(name, out var users))
            {
                continue;
            }

            foreach (var add in users.Where(n => n.OpType == "Add" && n.Inputs.Length == 2))
            {
                var product = add.Inputs[0] == name ? add.Inputs[1] : add.Inputs[0];
                if (!graph.Producers.TryGetValue(product, out var matMul) || matMul.OpType != "MatMul" || matMul.Inputs.Length != 2
                    || !graph.Initializers.TryGetValue(matMul.Inputs[1], out var weight) || weight.Shape.Length != 2
                    || record.Shape.Length != 1 || weight.Shape[1] != record.Shape[0])
                {
                    continue;
                }

                var weightName = name[..^".bias".Length] + ".weight";
                if (!graph.Initializers.ContainsKey(weightName))
                {
                    tensors[weightName] = new OnnxNamedTensor(weightName, weight, Transposed: true);
                    consumedAsWeight.Add(weight.Name);
                }
            }
        }

        foreach (var (name, record) in graph.Initializers)
        {
            if (!consumedAsWeight.Contains(name) && ModulePath().IsMatch(name))
            {
                tensors[name] = new OnnxNamedTensor(name, record, Transposed: false);
            }
        }

        return (tensors, BuildConfig(model, tensors));
    }

    private static LmConfig BuildConfig(OnnxModel model, Dictionary<string, OnnxNamedTensor> tensors)
    {
        var matches = tensors.Keys.Select(k => LayerIndex().Match(k)).Where(m => m.Success).ToList();
        var prefix = matches.Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal).FirstOrDefault() ?? "";
        var layers = matches.Where(m => m.Groups[1].Value == prefix)
            .Select(m => int.TryParse(m.Groups[2].Value, out var i) ? i : -1).Where(i => i >= 0).Distinct().ToList();
        if (layers.Count == 0)
        {
            throw new UserInputException(model.Location,
                "not a BERT-style encoder graph: no initializer is named like 'encoder.layer.0.attention.self.query.bias'");
        }

        var numLayers = layers.Max() + 1;
        for (var i = 0; i < numLayers; i++)
        {
            foreach (var key in LayerKeys)
            {
                foreach (var part in new[] { "weight", "bias" })
                {
                    var name = $"{prefix}encoder.layer.{i}.{key}.{part}";
                    if (!tensors.TryGetValue(name, out var t))
                    {
                        throw new UserInputException(model.Location, $"cannot find or recover '{name}' in the graph");
                    }

                    _ = model.Data(t.Record).Length;
                }
            }
        }

        var layer0 = $"{prefix}encoder.layer.0.";
        var hidden = (int)tensors[layer0 + "attention.self.query.weight"].Shape[0];
        var ffn = (int)tensors[layer0 + "intermediate.dense.weight"].Shape[0];
        var heads = FindHeads(model, hidden, layer0);
        return new LmConfig
        {
            Family = BertFamily.Instance,
            ModelType = "bert",
            NumLayers = numLayers,
            HiddenSize = hidden,
            NumHeads = heads,
            NumKvHeads = heads,
            HeadDim = hidden / heads,
            FfnSize = ffn,
            NormEps = FindEpsilon(model, layer0 + "attention.output.LayerNorm.weight"),
            Activation = FindActivation(model),
            QkvBias = true,
            OutputBias = true,
            MlpBias = true,
            PreNorm = false,
            StoredDType = tensors[layer0 + "attention.self.query.weight"].Record.DType,
        };
    }

    private static int FindHeads(OnnxModel model, int hidden, string layer0)
    {
        var graph = model.Graph;
        foreach (var node in graph.Nodes)
        {
            if (node.OpType is "Attention" or "MultiHeadAttention" && node.Attributes.TryGetValue("num_heads", out var n)
                && n.Int is > 0 and <= int.MaxValue && hidden % n.Int == 0)
            {
                return (int)n.Int;
            }
        }

        foreach (var biasName in new[] { "query", "key", "value" }.Select(p => $"{layer0}attention.self.{p}.bias"))
        {
            foreach (var add in graph.Consumers.GetValueOrDefault(biasName) ?? [])
            {
                foreach (var reshape in add.Outputs.SelectMany(o => graph.Consumers.GetValueOrDefault(o) ?? []))
                {
                    if (reshape.OpType != "Reshape" || reshape.Inputs.Length < 2)
                    {
                        continue;
                    }

                    var shape = ShapeValues(model, reshape.Inputs[1]);
                    if (shape is { Count: >= 2 } && shape[^2] is > 0 and var h && shape[^1] is > 0 and var d && h * d == hidden)
                    {
                        return (int)h;
                    }
                }
            }
        }

        throw new UserInputException(model.Location,
            "cannot find the number of attention heads (no Attention node and no constant head split after the query projection)");
    }

    /// <summary>The constant entries of a Reshape target shape (dynamic entries as -1), or null.</summary>
    private static List<long>? ShapeValues(OnnxModel model, string valueName)
    {
        if (model.ConstantInts(valueName) is { } direct)
        {
            return [.. direct];
        }

        if (!model.Graph.Producers.TryGetValue(valueName, out var concat) || concat.OpType != "Concat")
        {
            return null;
        }

        var values = new List<long>();
        foreach (var input in concat.Inputs)
        {
            if (model.ConstantInts(input) is { } part)
            {
                values.AddRange(part);
            }
            else
            {
                values.Add(-1);
            }
        }

        return values;
    }

    private static double FindEpsilon(OnnxModel model, string normWeight)
    {
        var graph = model.Graph;
        foreach (var node in graph.Consumers.GetValueOrDefault(normWeight) ?? [])
        {
            if (node.OpType is "LayerNormalization" or "SkipLayerNormalization")
            {
                return node.Attributes.TryGetValue("epsilon", out var eps) && eps.Float is { } e ? e : 1e-5;
            }

            if (node.OpType != "Mul")
            {
                continue;
            }

            var normalized = node.Inputs[0] == normWeight ? node.Inputs[^1] : node.Inputs[0];
            if (Producer(graph, normalized, "Div") is { Inputs.Length: 2 } div
                && Producer(graph, div.Inputs[1], "Sqrt") is { Inputs.Length: 1 } sqrt
                && Producer(graph, sqrt.Inputs[0], "Add") is { Inputs.Length: 2 } add)
            {
                foreach (var input in add.Inputs)
                {
                    if (model.ConstantScalar(input) is { } eps && eps > 0 && eps < 1)
                    {
                        return eps;
                    }
                }
            }
        }

        throw new UserInputException(model.Location, $"cannot find the LayerNorm epsilon used with '{normWeight}'");
    }

    private static OnnxNode? Producer(OnnxGraph graph, string value, string opType) =>
        graph.Producers.TryGetValue(value, out var node) && node.OpType == opType ? node : null;

    private static string FindActivation(OnnxModel model)
    {
        foreach (var node in model.Graph.Nodes)
        {
            switch (node.OpType)
            {
                case "Erf":
                    return "gelu";
                case "Gelu":
                    return node.Attributes.TryGetValue("approximate", out var a) && a.String == "tanh" ? "gelu_new" : "gelu";
                case "FastGelu":
                    return "gelu_new";
            }
        }

        throw new UserInputException(model.Location, "cannot determine the FFN activation (no Erf, Gelu or FastGelu node)");
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+$")]
    private static partial Regex ModulePath();

    [GeneratedRegex(@"^((?:bert\.|roberta\.)?)encoder\.layer\.(\d{1,6})\.")]
    private static partial Regex LayerIndex();
}
