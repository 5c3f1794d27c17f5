namespace FrozenLm.LanguageModels.Checkpoints.Onnx;

/// <summary>
/// Where one ONNX TensorProto keeps its values: its dtype and shape, and the byte range of its raw_data (or of its packed
/// float_data / double_data, which share raw_data's little-endian layout) inside the model bytes. Varint-packed
/// int64_data is decoded into <see cref="Inline"/>. <see cref="Problem"/> says why the values cannot be read
/// (external data, an unsupported dtype or encoding); it is reported only when the tensor is needed.
/// </summary>
internal sealed record OnnxTensorRecord(string Name, string DType, long[] Shape, long DataOffset, int DataLength)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    public byte[]? Inline { get; init; }

    public string? Problem { get; init; }
}
