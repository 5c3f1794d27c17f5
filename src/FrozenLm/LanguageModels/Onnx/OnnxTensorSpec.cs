namespace FrozenLm.LanguageModels.Onnx;

/// <summary>A float32 graph input or output: its name and shape, where a null dimension is the symbolic <c>batch</c>.</summary>
public sealed record OnnxTensorSpec(string Name, IReadOnlyList<long?> Shape)
{
    /// <summary>The name ONNX gives the dynamic dimension.</summary>
    public const string BatchDim = "batch";
}
