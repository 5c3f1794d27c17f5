using System.Text;

namespace FrozenLm.Tests.LanguageModels.Gguf;

/// <summary>
/// Builds small GGUF v3 files byte by byte for error-path tests, recording where each field sits so a test can break
/// exactly one of them.
/// </summary>
internal sealed class GgufTestFile
{
    private readonly List<(string Key, string Value)> _metadata = [];
    private readonly List<(string Name, long[] Dims, uint Type, ulong? Offset, int Bytes)> _tensors = [];

    public uint Version { get; init; } = 3;

    /// <summary>Byte positions of fields in the last <see cref="Build"/>: "tensor_count", "kv_count", "offset:NAME", "type:NAME", "key_length:KEY".</summary>
    public Dictionary<string, int> Positions { get; } = [];

    public GgufTestFile String(string key, string value)
    {
        _metadata.Add((key, value));
        return this;
    }

    /// <summary>Adds a tensor of <paramref name="bytes"/> data bytes at the next aligned offset, or at <paramref name="offset"/>.</summary>
    public GgufTestFile Tensor(string name, long[] dims, uint type, int bytes, ulong? offset = null)
    {
        _tensors.Add((name, dims, type, offset, bytes));
        return this;
    }

    public byte[] Build()
    {
        Positions.Clear();
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write("GGUF"u8);
        w.Write(Version);
        Positions["tensor_count"] = (int)stream.Position;
        w.Write((ulong)_tensors.Count);
        Positions["kv_count"] = (int)stream.Position;
        w.Write((ulong)_metadata.Count);
        foreach (var (key, value) in _metadata)
        {
            Positions["key_length:" + key] = (int)stream.Position;
            WriteString(w, key);
            w.Write(8u);
            Positions["value_length:" + key] = (int)stream.Position;
            WriteString(w, value);
        }
        ulong next = 0;
        var data = new List<(ulong Offset, int Bytes)>();
        foreach (var (name, dims, type, offset, bytes) in _tensors)
        {
            WriteString(w, name);
            w.Write((uint)dims.Length);
            foreach (var d in dims)
                w.Write((ulong)d);
            Positions["type:" + name] = (int)stream.Position;
            w.Write(type);
            var at = offset ?? next;
            Positions["offset:" + name] = (int)stream.Position;
            w.Write(at);
            data.Add((at, bytes));
            next = Math.Max(next, (at + (ulong)bytes + 31) / 32 * 32);
        }
        while (stream.Position % 32 != 0)
            w.Write((byte)0);
        var start = stream.Position;
        var end = data.Count == 0 ? 0 : data.Max(d => (long)d.Offset + d.Bytes);
        var rng = new Random(5);
        var payload = new byte[end];
        rng.NextBytes(payload);
        w.Write(payload);
        Positions["data"] = (int)start;
        return stream.ToArray();
    }

    private static void WriteString(BinaryWriter w, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }
}
