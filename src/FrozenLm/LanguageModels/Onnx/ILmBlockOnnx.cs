namespace FrozenLm.LanguageModels.Onnx;

/// <summary>
/// How one LM family's block is written into an ONNX graph, from the block's own (Hugging Face) state-dict keys.
/// A family provides it through <see cref="Families.ILmFamily.Onnx"/>; a family without one does not export.
/// </summary>
public interface ILmBlockOnnx
{
    /// <summary>
    /// Emits <paramref name="block"/> on the value <paramref name="input"/> [B, T, hidden]; its initializers are named
    /// <paramref name="prefix"/> + the block's keys. Returns the output value's name.
    /// </summary>
    string Emit(OnnxGraphBuilder graph, LmBlock block, string input, string prefix);
}
