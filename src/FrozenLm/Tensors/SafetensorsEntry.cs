namespace FrozenLm.Tensors;

/// <summary>One validated header entry of a safetensors file: its info and its byte range in the data area.</summary>
public sealed record SafetensorsEntry(TensorInfo Info, long Begin, long End)
{
    public long ByteLength => End - Begin;
}
