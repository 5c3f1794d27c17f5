namespace FrozenLm.LanguageModels.Checkpoints.Onnx;

/// <summary>The parts of an ONNX ModelProto's main graph that FrozenLm reads: nodes, initializers, graph inputs and outputs.</summary>
internal sealed class OnnxGraph
{
    public required IReadOnlyList<OnnxNode> Nodes { get; init; }

    public required IReadOnlyDictionary<string, OnnxTensorRecord> Initializers { get; init; }

    public required IReadOnlyList<string> Inputs { get; init; }

    public required IReadOnlyList<string> Outputs { get; init; }

    /// <summary>Byte range of the GraphProto inside the ModelProto (field 7), for rewriting.</summary>
    public required long GraphOffset { get; init; }

    public required int GraphLength { get; init; }

    /// <summary>The node that outputs each value name.</summary>
    public IReadOnlyDictionary<string, OnnxNode> Producers => _producers ??= BuildProducers();

    /// <summary>The nodes that read each value name.</summary>
    public IReadOnlyDictionary<string, List<OnnxNode>> Consumers => _consumers ??= BuildConsumers();

    private Dictionary<string, OnnxNode>? _producers;
    private Dictionary<string, List<OnnxNode>>? _consumers;

    private Dictionary<string, OnnxNode> BuildProducers()
    {
        var map = new Dictionary<string, OnnxNode>(StringComparer.Ordinal);
        foreach (var node in Nodes)
        {
            foreach (var output in node.Outputs)
            {
                if (output.Length > 0)
                {
                    map[output] = node;
                }
            }
        }

        return map;
    }

    private Dictionary<string, List<OnnxNode>> BuildConsumers()
    {
        var map = new Dictionary<string, List<OnnxNode>>(StringComparer.Ordinal);
        foreach (var node in Nodes)
        {
            foreach (var input in node.Inputs.Distinct())
            {
                if (!map.TryGetValue(input, out var list))
                {
                    map[input] = list = [];
                }

                list.Add(node);
            }
        }

        return map;
    }
}
