namespace FrozenLm.LanguageModels.Checkpoints.Onnx;

/// <summary>Writes protobuf wire-format fields (used to add graph outputs to an ONNX model and to build small models).</summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream _stream;

    public ProtoWriter(int capacity = 0) => _stream = new MemoryStream(capacity);

    public long Length => _stream.Length;

    public byte[] ToArray() => _stream.ToArray();

    /// <summary>Copies the bytes written so far to <paramref name="destination"/>.</summary>
    public void WriteTo(Stream destination) => _stream.WriteTo(destination);

    public ProtoWriter Varint(int field, ulong value)
    {
        Tag(field, ProtoWireType.Varint);
        RawVarint(value);
        return this;
    }

    public ProtoWriter Int64(int field, long value) => Varint(field, unchecked((ulong)value));

    public ProtoWriter Fixed32(int field, uint value)
    {
        Tag(field, ProtoWireType.Fixed32);
        Span<byte> b = stackalloc byte[4];
        BitConverter.TryWriteBytes(b, value);
        _stream.Write(b);
        return this;
    }

    public ProtoWriter Double(int field, double value)
    {
        Tag(field, ProtoWireType.Fixed64);
        Span<byte> b = stackalloc byte[8];
        BitConverter.TryWriteBytes(b, value);
        _stream.Write(b);
        return this;
    }

    public ProtoWriter PackedDoubles(int field, IReadOnlyCollection<double> values)
    {
        var bytes = new byte[8 * values.Count];
        var i = 0;
        foreach (var v in values)
            BitConverter.TryWriteBytes(bytes.AsSpan(8 * i++), v);
        return Bytes(field, bytes);
    }

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, ProtoWireType.Len);
        RawVarint((ulong)value.Length);
        _stream.Write(value);
        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, System.Text.Encoding.UTF8.GetBytes(value));

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    public ProtoWriter PackedInt64s(int field, IEnumerable<long> values)
    {
        var inner = new ProtoWriter();
        foreach (var v in values)
        {
            inner.RawVarint(unchecked((ulong)v));
        }

        return Bytes(field, inner.ToArray());
    }

    /// <summary>Writes a length-delimited field header only; the caller writes exactly <paramref name="length"/> bytes next.</summary>
    public ProtoWriter LenHeader(int field, long length)
    {
        Tag(field, ProtoWireType.Len);
        RawVarint((ulong)length);
        return this;
    }

    public ProtoWriter Raw(ReadOnlySpan<byte> bytes)
    {
        _stream.Write(bytes);
        return this;
    }

    private void Tag(int field, ProtoWireType wireType) => RawVarint(((ulong)field << 3) | (ulong)wireType);

    private void RawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _stream.WriteByte((byte)value);
    }
}
