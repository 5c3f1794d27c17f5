using FrozenLm.LanguageModels.Checkpoints.Onnx;

namespace FrozenLm.LanguageModels.Onnx;

/// <summary>One ONNX node attribute to write: an int, a float or a list of ints.</summary>
public sealed class OnnxAttr
{
    private const int FloatKind = 1;
    private const int IntKind = 2;
    private const int IntsKind = 7;

    private readonly string _name;
    private readonly int _kind;
    private readonly float _float;
    private readonly long[] _ints;

    private OnnxAttr(string name, int kind, float value, long[] ints)
    {
        _name = name;
        _kind = kind;
        _float = value;
        _ints = ints;
    }

    public static OnnxAttr Int(string name, long value) => new(name, IntKind, 0f, [value]);

    public static OnnxAttr Float(string name, double value) => new(name, FloatKind, (float)value, []);

    public static OnnxAttr Ints(string name, params long[] values) => new(name, IntsKind, 0f, values);

    /// <summary>The AttributeProto bytes (name 1, f 2, i 3, ints 8, type 20).</summary>
    internal ProtoWriter ToProto()
    {
        var w = new ProtoWriter();
        w.String(1, _name);
        switch (_kind)
        {
            case FloatKind:
                w.Fixed32(2, BitConverter.SingleToUInt32Bits(_float));
                break;
            case IntKind:
                w.Int64(3, _ints[0]);
                break;
            default:
                foreach (var v in _ints)
                    w.Int64(8, v);
                break;
        }
        w.Varint(20, (ulong)_kind);
        return w;
    }
}
