namespace FrozenLm.LanguageModels.Checkpoints.Onnx;

/// <summary>One graph node: operator, value names in and out, attributes by name.</summary>
internal sealed record OnnxNode(
    string OpType,
    string Name,
    string Domain,
    string[] Inputs,
    string[] Outputs,
    IReadOnlyDictionary<string, OnnxAttribute> Attributes);
