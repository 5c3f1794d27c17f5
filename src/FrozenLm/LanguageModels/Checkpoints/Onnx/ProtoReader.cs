namespace FrozenLm.LanguageModels.Checkpoints.Onnx;

/// <summary>
/// A bounds-checked reader of the protobuf wire format over one message's bytes. Every length is checked against the
/// bytes that remain before anything is sliced or allocated; every problem is a <see cref="UserInputException"/>.
/// </summary>
internal ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly long _baseOffset;
    private readonly string _subject;
    private int _pos;

    public ProtoReader(ReadOnlySpan<byte> data, long baseOffset, string subject)
    {
        _data = data;
        _baseOffset = baseOffset;
        _subject = subject;
        _pos = 0;
    }

    public readonly bool AtEnd => _pos >= _data.Length;

    /// <summary>Absolute offset (in the whole model) of the next byte.</summary>
    public readonly long Offset => _baseOffset + _pos;

    public bool TryReadTag(out int field, out ProtoWireType wireType)
    {
        field = 0;
        wireType = ProtoWireType.Varint;
        if (AtEnd)
        {
            return false;
        }

        var key = ReadVarint();
        var number = key >> 3;
        if (number == 0 || number > 536_870_911)
        {
            throw Bad($"invalid protobuf field number {number} at byte {Offset}");
        }

        field = (int)number;
        wireType = (ProtoWireType)(key & 7);
        if (wireType is not (ProtoWireType.Varint or ProtoWireType.Fixed64 or ProtoWireType.Len or ProtoWireType.Fixed32))
        {
            throw Bad($"unsupported protobuf wire type {(int)wireType} for field {field} at byte {Offset}");
        }

        return true;
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_pos >= _data.Length)
            {
                throw Bad($"truncated protobuf varint at byte {Offset}");
            }

            var b = _data[_pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw Bad($"protobuf varint longer than 10 bytes at byte {Offset}");
    }

    public long ReadInt64() => unchecked((long)ReadVarint());

    public int ReadInt32()
    {
        var v = ReadInt64();
        if (v is < int.MinValue or > int.MaxValue)
        {
            throw Bad($"protobuf int32 value {v} out of range at byte {Offset}");
        }

        return (int)v;
    }

    public uint ReadFixed32() => BitConverter.ToUInt32(Take(4));

    public ulong ReadFixed64() => BitConverter.ToUInt64(Take(8));

    /// <summary>Reads a length-delimited field; <paramref name="offset"/> is its absolute start.</summary>
    public ReadOnlySpan<byte> ReadBytes(out long offset)
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _pos))
        {
            throw Bad($"protobuf field length {length} exceeds the {_data.Length - _pos} bytes left at byte {Offset}");
        }

        offset = Offset;
        return Take((int)length);
    }

    public ReadOnlySpan<byte> ReadBytes() => ReadBytes(out _);

    public string ReadString(int maxLength = 1 << 20)
    {
        var bytes = ReadBytes();
        if (bytes.Length > maxLength)
        {
            throw Bad($"protobuf string of {bytes.Length} bytes is longer than the limit of {maxLength}");
        }

        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    public ProtoReader ReadMessage()
    {
        var bytes = ReadBytes(out var offset);
        return new ProtoReader(bytes, offset, _subject);
    }

    public void Skip(ProtoWireType wireType)
    {
        switch (wireType)
        {
            case ProtoWireType.Varint:
                ReadVarint();
                break;
            case ProtoWireType.Fixed64:
                Take(8);
                break;
            case ProtoWireType.Len:
                ReadBytes();
                break;
            case ProtoWireType.Fixed32:
                Take(4);
                break;
            default:
                throw Bad($"unsupported protobuf wire type {(int)wireType}");
        }
    }

    /// <summary>Reads a repeated int64 field given either packed (LEN) or one unpacked varint.</summary>
    public void ReadInt64s(ProtoWireType wireType, List<long> into, int maxCount)
    {
        if (wireType == ProtoWireType.Varint)
        {
            AddChecked(into, ReadInt64(), maxCount);
            return;
        }

        if (wireType != ProtoWireType.Len)
        {
            throw Bad($"unexpected wire type {(int)wireType} for a repeated integer at byte {Offset}");
        }

        var inner = ReadMessage();
        while (!inner.AtEnd)
        {
            AddChecked(into, inner.ReadInt64(), maxCount);
        }
    }

    public readonly UserInputException Bad(string problem) => new(_subject, problem);

    private void AddChecked(List<long> into, long value, int maxCount)
    {
        if (into.Count >= maxCount)
        {
            throw Bad($"more than {maxCount} values in a repeated integer field at byte {Offset}");
        }

        into.Add(value);
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _data.Length - _pos)
        {
            throw Bad($"truncated protobuf field at byte {Offset} (needs {count} bytes, {_data.Length - _pos} left)");
        }

        var slice = _data.Slice(_pos, count);
        _pos += count;
        return slice;
    }
}
