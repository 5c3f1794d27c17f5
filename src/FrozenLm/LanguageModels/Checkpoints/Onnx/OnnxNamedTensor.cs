namespace FrozenLm.LanguageModels.Checkpoints.Onnx;

/// <summary>A Hugging Face name bound to an ONNX tensor, transposed when the graph stores it as MatMul's [in, out].</summary>
internal sealed record OnnxNamedTensor(string Name, OnnxTensorRecord Record, bool Transposed)
{
    public long[] Shape => Transposed ? [Record.Shape[1], Record.Shape[0]] : Record.Shape;
}
