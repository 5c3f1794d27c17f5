using System.Buffers.Binary;

namespace FrozenLm.Training.TensorBoard;

/// <summary>
/// Reads an event file back, checking every record's framing and both masked CRC-32Cs, and decoding the Event /
/// Summary / Value fields FrozenLm writes (tag, simple_value, histogram count).
/// </summary>
public static class TensorBoardReader
{
    /// <summary>Every summary value of the file, in order; a <see cref="UserInputException"/> on a damaged record.</summary>
    public static IReadOnlyList<TensorBoardEvent> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var events = new List<TensorBoardEvent>();
        var at = 0;
        var records = 0;
        while (at < bytes.Length)
        {
            if (bytes.Length - at < 12)
                throw new UserInputException(path, $"record {records}: truncated header");
            var length = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at));
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8)) != Crc32C.Masked(bytes.AsSpan(at, 8)))
                throw new UserInputException(path, $"record {records}: length CRC mismatch");
            if (length > (ulong)(bytes.Length - at - 16))
                throw new UserInputException(path, $"record {records}: truncated data");
            var data = bytes.AsSpan(at + 12, (int)length);
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12 + (int)length)) != Crc32C.Masked(data))
                throw new UserInputException(path, $"record {records}: data CRC mismatch");
            events.AddRange(Decode(data));
            at += 16 + (int)length;
            records++;
        }
        return events;
    }

    private static IEnumerable<TensorBoardEvent> Decode(ReadOnlySpan<byte> eventBytes)
    {
        long step = 0;
        var summaries = new List<byte[]>();
        foreach (var (field, value, data) in Fields(eventBytes))
        {
            if (field == 2)
                step = (long)value;
            else if (field == 5)
                summaries.Add(data!);
        }
        var result = new List<TensorBoardEvent>();
        foreach (var summary in summaries)
            foreach (var (field, _, valueBytes) in Fields(summary))
            {
                if (field != 1)
                    continue;
                string tag = "";
                double? scalar = null, count = null;
                foreach (var (f, v, d) in Fields(valueBytes!))
                {
                    if (f == 1)
                        tag = System.Text.Encoding.UTF8.GetString(d!);
                    else if (f == 2)
                        scalar = BitConverter.UInt32BitsToSingle((uint)v);
                    else if (f == 5)
                        count = Fields(d!).Where(h => h.Field == 3).Select(h => BitConverter.UInt64BitsToDouble(h.Value)).FirstOrDefault();
                }
                result.Add(new TensorBoardEvent(step, tag, scalar, count));
            }
        return result;
    }

    /// <summary>The fields of a protobuf message: number, varint / fixed value, or the bytes of a length-delimited field.</summary>
    private static List<(int Field, ulong Value, byte[]? Data)> Fields(ReadOnlySpan<byte> message)
    {
        var fields = new List<(int, ulong, byte[]?)>();
        var at = 0;
        while (at < message.Length)
        {
            var key = Varint(message, ref at);
            var field = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case 0:
                    fields.Add((field, Varint(message, ref at), null));
                    break;
                case 1:
                    fields.Add((field, BinaryPrimitives.ReadUInt64LittleEndian(message[at..]), null));
                    at += 8;
                    break;
                case 2:
                    var length = (int)Varint(message, ref at);
                    fields.Add((field, 0, message.Slice(at, length).ToArray()));
                    at += length;
                    break;
                case 5:
                    fields.Add((field, BinaryPrimitives.ReadUInt32LittleEndian(message[at..]), null));
                    at += 4;
                    break;
                default:
                    throw new InvalidDataException($"unsupported protobuf wire type {key & 7}");
            }
        }
        return fields;
    }

    private static ulong Varint(ReadOnlySpan<byte> data, ref int at)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = data[at++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
                return result;
        }
        throw new InvalidDataException("varint too long");
    }
}
