using System.Buffers.Binary;
using System.Text;

namespace FrozenLm.LanguageModels.Checkpoints.Pickle;

/// <summary>
/// A pickle reader that only rebuilds tensors and plain containers; nothing in the pickle is ever executed. The only
/// globals it accepts are <c>torch._utils._rebuild_tensor_v2</c>, <c>torch._utils._rebuild_parameter</c>,
/// <c>collections.OrderedDict</c> and the typed storage classes (through persistent ids); any other global is refused
/// by name. Every length is checked against the remaining bytes before it is used.
/// </summary>
internal sealed class RestrictedUnpickler
{
    private const int MaxStack = 1 << 20;
    private const int MaxMemo = 1 << 22;
    private const int MaxDims = 16;

    private static readonly Dictionary<string, string> StorageTypes = new(StringComparer.Ordinal)
    {
        ["FloatStorage"] = "F32",
        ["HalfStorage"] = "F16",
        ["BFloat16Storage"] = "BF16",
        ["DoubleStorage"] = "F64",
        ["LongStorage"] = "I64",
        ["IntStorage"] = "I32",
    };

    private readonly byte[] _data;
    private readonly string _subject;
    private readonly List<object?> _stack = [];
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = [];
    private int _pos;

    private RestrictedUnpickler(byte[] data, string subject)
    {
        _data = data;
        _subject = subject;
    }

    /// <summary>Rebuilds the pickled object: dicts, lists, tuples (object?[]), strings, numbers, tensors.</summary>
    public static object? Load(byte[] data, string subject)
    {
        try
        {
            return new RestrictedUnpickler(data, subject).Run();
        }
        catch (OverflowException e)
        {
            throw new UserInputException(subject, "pickle holds a size that overflows", e);
        }
    }

    private object? Run()
    {
        while (true)
        {
            var op = ReadByte();
            switch (op)
            {
                case 0x80: // PROTO
                    var protocol = ReadByte();
                    if (protocol > 5)
                    {
                        throw Bad($"unsupported pickle protocol {protocol}");
                    }

                    break;
                case 0x95: // FRAME
                    Take(8);
                    break;
                case (byte)'.': // STOP
                    if (_stack.Count != 1 || _marks.Count != 0)
                    {
                        throw Bad("pickle ended with an unbalanced stack");
                    }

                    return _stack[0];
                case (byte)'(':
                    if (_marks.Count >= MaxStack)
                    {
                        throw Bad("too many nested pickle marks");
                    }

                    _marks.Push(_stack.Count);
                    break;
                case (byte)'0':
                    Pop();
                    break;
                case (byte)'1':
                    PopMark();
                    break;
                case (byte)'2':
                    Push(Peek());
                    break;
                case (byte)'}':
                    Push(new PickleDict());
                    break;
                case (byte)']':
                    Push(new List<object?>());
                    break;
                case (byte)')':
                    Push(Array.Empty<object?>());
                    break;
                case (byte)'t':
                    Push(PopMark().ToArray());
                    break;
                case 0x85:
                    Push(new[] { Pop() });
                    break;
                case 0x86:
                {
                    var b = Pop();
                    var a = Pop();
                    Push(new[] { a, b });
                    break;
                }

                case 0x87:
                {
                    var c = Pop();
                    var b = Pop();
                    var a = Pop();
                    Push(new[] { a, b, c });
                    break;
                }

                case (byte)'l':
                    Push(PopMark());
                    break;
                case (byte)'d':
                {
                    var items = PopMark();
                    var dict = new PickleDict();
                    SetItems(dict, items);
                    Push(dict);
                    break;
                }

                case (byte)'a':
                {
                    var value = Pop();
                    AsList(Peek()).Add(value);
                    break;
                }

                case (byte)'e':
                {
                    var items = PopMark();
                    AsList(Peek()).AddRange(items);
                    break;
                }

                case (byte)'s':
                {
                    var value = Pop();
                    var key = Pop();
                    SetItems(AsDict(Peek()), [key, value]);
                    break;
                }

                case (byte)'u':
                {
                    var items = PopMark();
                    SetItems(AsDict(Peek()), items);
                    break;
                }

                case (byte)'J':
                    Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4)));
                    break;
                case (byte)'K':
                    Push((long)ReadByte());
                    break;
                case (byte)'M':
                    Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2)));
                    break;
                case 0x8a: // LONG1
                    Push(ReadLong(ReadByte()));
                    break;
                case 0x8b: // LONG4
                    Push(ReadLong(ReadLength(4)));
                    break;
                case (byte)'G':
                    Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8)));
                    break;
                case (byte)'N':
                    Push(null);
                    break;
                case 0x88:
                    Push(true);
                    break;
                case 0x89:
                    Push(false);
                    break;
                case (byte)'X':
                    Push(Encoding.UTF8.GetString(Take(ReadLength(4))));
                    break;
                case 0x8c:
                    Push(Encoding.UTF8.GetString(Take(ReadByte())));
                    break;
                case 0x8d:
                    Push(Encoding.UTF8.GetString(Take(ReadLength(8))));
                    break;
                case (byte)'U':
                    Push(Encoding.Latin1.GetString(Take(ReadByte())));
                    break;
                case (byte)'T':
                    Push(Encoding.Latin1.GetString(Take(ReadLength(4))));
                    break;
                case (byte)'C':
                    Push(Take(ReadByte()).ToArray());
                    break;
                case (byte)'B':
                    Push(Take(ReadLength(4)).ToArray());
                    break;
                case (byte)'q':
                    Memo(ReadByte());
                    break;
                case (byte)'r':
                    Memo(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)));
                    break;
                case 0x94: // MEMOIZE
                    Memo(_memo.Count);
                    break;
                case (byte)'h':
                    Push(Recall(ReadByte()));
                    break;
                case (byte)'j':
                    Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))));
                    break;
                case (byte)'c': // GLOBAL
                {
                    var module = ReadLine();
                    var name = ReadLine();
                    Push(Resolve(module, name));
                    break;
                }

                case 0x93: // STACK_GLOBAL
                {
                    var name = Pop() as string ?? throw Bad("STACK_GLOBAL needs two strings");
                    var module = Pop() as string ?? throw Bad("STACK_GLOBAL needs two strings");
                    Push(Resolve(module, name));
                    break;
                }

                case (byte)'R':
                {
                    var args = Pop() as object?[] ?? throw Bad("REDUCE arguments are not a tuple");
                    var callable = Pop() as PickleGlobal ?? throw Bad("REDUCE target is not an allowed global");
                    Push(Reduce(callable, args));
                    break;
                }

                case (byte)'Q':
                    Push(PersistentLoad(Pop()));
                    break;
                case (byte)'b': // BUILD: only an OrderedDict's attribute state (e.g. _metadata), which is dropped
                {
                    var state = Pop();
                    if (Peek() is not PickleDict || state is not (null or PickleDict))
                    {
                        throw Bad("pickle BUILD on something other than a dict is not supported");
                    }

                    break;
                }

                case (byte)'i' or (byte)'o' or 0x81 or 0x92 or 0x82 or 0x83 or 0x84:
                    throw Bad($"refused pickle opcode 0x{op:x2} (object construction)");
                default:
                    throw Bad($"unsupported pickle opcode 0x{op:x2} at byte {_pos - 1}");
            }
        }
    }

    private PickleGlobal Resolve(string module, string name)
    {
        var allowed = (module, name) switch
        {
            ("torch._utils", "_rebuild_tensor_v2" or "_rebuild_parameter") => true,
            ("collections", "OrderedDict") => true,
            ("torch", _) when StorageTypes.ContainsKey(name) => true,
            _ => false,
        };
        return allowed ? new PickleGlobal(module, name) : throw Bad($"refused pickle global '{module}.{name}'");
    }

    private object Reduce(PickleGlobal callable, object?[] args)
    {
        switch (callable.Name)
        {
            case "_rebuild_tensor_v2" when args.Length >= 4:
            {
                var storage = args[0] as TorchStorageRef ?? throw Bad("tensor without a storage");
                var offset = AsLong(args[1]);
                var size = AsLongs(args[2]);
                var stride = AsLongs(args[3]);
                if (size.Length != stride.Length || size.Length > MaxDims)
                {
                    throw Bad($"tensor size ({size.Length} dims) and stride ({stride.Length} dims) disagree");
                }

                return CheckedTensor(new TorchTensorRef(storage, offset, size, stride));
            }

            case "_rebuild_parameter" when args.Length >= 1:
                return args[0] as TorchTensorRef ?? throw Bad("parameter without a tensor");
            case "OrderedDict":
            {
                var dict = new PickleDict();
                if (args.Length == 1 && args[0] is List<object?> pairs)
                {
                    foreach (var pair in pairs)
                    {
                        var kv = pair as object?[] ?? throw Bad("OrderedDict item is not a pair");
                        SetItems(dict, kv.Length == 2 ? [.. kv] : throw Bad("OrderedDict item is not a pair"));
                    }
                }
                else if (args.Length != 0)
                {
                    throw Bad("unsupported OrderedDict arguments");
                }

                return dict;
            }

            default:
                throw Bad($"'{callable.FullName}' called with unsupported arguments");
        }
    }

    private TorchTensorRef CheckedTensor(TorchTensorRef tensor)
    {
        if (tensor.StorageOffset < 0 || tensor.Size.Any(s => s < 0) || tensor.Stride.Any(s => s < 0))
        {
            throw Bad("tensor with a negative offset, size or stride");
        }

        long last = tensor.StorageOffset;
        long count = 1;
        for (var i = 0; i < tensor.Size.Length; i++)
        {
            if (tensor.Size[i] == 0)
            {
                return tensor;
            }

            count = checked(count * tensor.Size[i]);
            last = checked(last + (tensor.Size[i] - 1) * tensor.Stride[i]);
        }

        if (last >= tensor.Storage.ElementCount)
        {
            throw Bad($"tensor view reaches element {last} of a storage with {tensor.Storage.ElementCount} elements");
        }

        return tensor;
    }

    private TorchStorageRef PersistentLoad(object? pid)
    {
        if (pid is not object?[] { Length: 5 } t || t[0] is not "storage" || t[1] is not PickleGlobal type
            || !StorageTypes.TryGetValue(type.Name, out var dtype) || t[2] is not string key || t[4] is not long numel)
        {
            throw Bad("unsupported persistent id (expected ('storage', type, key, location, numel))");
        }

        if (numel < 0 || numel > long.MaxValue / 8 || key.Length == 0 || key.Contains('/') || key.Contains(".."))
        {
            throw Bad($"invalid storage '{key}' of {numel} elements");
        }

        return new TorchStorageRef(dtype, key, numel);
    }

    private void SetItems(PickleDict dict, List<object?> items)
    {
        if (items.Count % 2 != 0)
        {
            throw Bad("odd number of dict items");
        }

        for (var i = 0; i < items.Count; i += 2)
        {
            var key = items[i] switch
            {
                string or long or bool or double => items[i]!,
                _ => throw Bad("unsupported dict key type"),
            };
            dict.Set(key, items[i + 1]);
        }
    }

    private long ReadLong(int length)
    {
        if (length > 8)
        {
            throw Bad($"integer of {length} bytes is too large");
        }

        var bytes = Take(length);
        long value = 0;
        for (var i = length - 1; i >= 0; i--)
        {
            value = (value << 8) | bytes[i];
        }

        if (length is > 0 and < 8 && (bytes[length - 1] & 0x80) != 0)
        {
            value -= 1L << (8 * length);
        }

        return value;
    }

    private int ReadLength(int width)
    {
        var raw = width == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(Take(4)) : BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
        if (raw > (ulong)(_data.Length - _pos))
        {
            throw Bad($"pickle length {raw} exceeds the {_data.Length - _pos} bytes left");
        }

        return (int)raw;
    }

    private string ReadLine()
    {
        var end = Array.IndexOf(_data, (byte)'\n', _pos, Math.Min(_data.Length - _pos, 1024));
        if (end < 0)
        {
            throw Bad("unterminated GLOBAL name");
        }

        var text = Encoding.UTF8.GetString(_data, _pos, end - _pos);
        _pos = end + 1;
        return text;
    }

    private void Memo(long index)
    {
        if (_memo.Count >= MaxMemo && !_memo.ContainsKey(index))
        {
            throw Bad("too many pickle memo entries");
        }

        _memo[index] = Peek();
    }

    private object? Recall(long index) =>
        _memo.TryGetValue(index, out var value) ? value : throw Bad($"pickle memo {index} is not set");

    private void Push(object? value)
    {
        if (_stack.Count >= MaxStack)
        {
            throw Bad("pickle stack too deep");
        }

        _stack.Add(value);
    }

    private object? Pop()
    {
        if (_stack.Count == 0 || (_marks.Count > 0 && _stack.Count <= _marks.Peek()))
        {
            throw Bad("pickle stack underflow");
        }

        var value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object? Peek() =>
        _stack.Count == 0 || (_marks.Count > 0 && _stack.Count <= _marks.Peek()) ? throw Bad("pickle stack underflow") : _stack[^1];

    private List<object?> PopMark()
    {
        if (_marks.Count == 0)
        {
            throw Bad("pickle MARK missing");
        }

        var mark = _marks.Pop();
        var items = _stack.GetRange(mark, _stack.Count - mark);
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private List<object?> AsList(object? value) => value as List<object?> ?? throw Bad("APPEND target is not a list");

    private PickleDict AsDict(object? value) => value as PickleDict ?? throw Bad("SETITEM target is not a dict");

    private long AsLong(object? value) => value is long l ? l : throw Bad("expected an integer");

    private long[] AsLongs(object? value) =>
        value is object?[] t ? t.Select(AsLong).ToArray() : throw Bad("expected a tuple of integers");

    private byte ReadByte() => _pos < _data.Length ? _data[_pos++] : throw Bad("truncated pickle");

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _data.Length - _pos)
        {
            throw Bad("truncated pickle");
        }

        var span = _data.AsSpan(_pos, count);
        _pos += count;
        return span;
    }

    private UserInputException Bad(string problem) => new(_subject, problem);
}
