namespace FrozenLm.LanguageModels.Checkpoints.Onnx;

/// <summary>One node attribute: the scalar, list, string and tensor values FrozenLm looks at (sub-graphs are skipped).</summary>
internal sealed record OnnxAttribute(string Name, double? Float, long? Int, string? String, long[] Ints, OnnxTensorRecord? Tensor);
