using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace FrozenLm.LanguageModels.Checkpoints.Gguf;

/// <summary>A bounds-checked little-endian reader over the start of a GGUF file; running past the end is a one-line error.</summary>
internal ref struct GgufCursor(ReadOnlySpan<byte> bytes, string location)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;

    public int Position { get; private set; }

    public readonly long Remaining => _bytes.Length - Position;

    public ReadOnlySpan<byte> Take(long count, string what)
    {
        if (count < 0 || count > Remaining)
            throw new UserInputException(location, $"truncated or corrupt GGUF header: {what} needs {count} bytes at byte {Position}, {Remaining} left");
        var span = _bytes.Slice(Position, (int)count);
        Position += (int)count;
        return span;
    }

    public uint UInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

    public ulong UInt64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));

    /// <summary>A count that must leave room for <paramref name="minBytesEach"/> bytes per item in the rest of the file.</summary>
    public long Count(string what, long minBytesEach)
    {
        var count = UInt64(what);
        if (count > (ulong)(Remaining / Math.Max(1, minBytesEach)))
            throw new UserInputException(location, $"corrupt GGUF header: {what} {count} cannot fit in the {Remaining} bytes left at byte {Position}");
        return (long)count;
    }

    public string String(string what)
    {
        var length = UInt64(what + " length");
        if (length > (ulong)Remaining)
            throw new UserInputException(location, $"corrupt GGUF header: {what} length {length} runs past the end of the file at byte {Position}");
        return Encoding.UTF8.GetString(Take((long)length, what));
    }

    /// <summary>Reads <paramref name="count"/> fixed-size little-endian values into a typed array.</summary>
    public T[] Array<T>(long count, string what) where T : unmanaged
    {
        var size = Marshal.SizeOf<T>();
        if (count < 0 || count > Remaining / size)
            throw new UserInputException(location, $"truncated or corrupt GGUF header: {what} needs {count} values of {size} bytes at byte {Position}, {Remaining} bytes left");
        return MemoryMarshal.Cast<byte, T>(Take(count * size, what)).ToArray();
    }

    /// <summary>Reads one fixed-size little-endian value.</summary>
    public T Scalar<T>(string what) where T : unmanaged => MemoryMarshal.Read<T>(Take(Marshal.SizeOf<T>(), what));

    public readonly UserInputException Error(string problem) => new(location, problem);
}
