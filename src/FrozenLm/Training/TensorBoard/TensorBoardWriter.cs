using System.Buffers.Binary;
using FrozenLm.LanguageModels.Checkpoints.Onnx;

namespace FrozenLm.Training.TensorBoard;

/// <summary>
/// Writes a TensorBoard event file (events.out.tfevents.TIME.HOST): TFRecord framing (length, masked CRC-32C of the
/// length, the serialised Event, masked CRC-32C of it) around Event protos holding scalar and histogram summaries.
/// Each record is flushed, so a live <c>tensorboard --logdir</c> sees it.
/// </summary>
public sealed class TensorBoardWriter : IDisposable
{
    private readonly FileStream _stream;

    /// <summary>Creates <paramref name="dir"/> and a new event file in it.</summary>
    public TensorBoardWriter(string dir)
    {
        Directory.CreateDirectory(dir);
        var now = DateTimeOffset.UtcNow;
        FilePath = Path.Combine(dir, $"events.out.tfevents.{now.ToUnixTimeSeconds()}.{Environment.MachineName}.frozenlm");
        _stream = new FileStream(FilePath, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        Write(Event(now, 0).String(3, "brain.Event:2"));
    }

    public string FilePath { get; }

    public void Scalar(string tag, double value, long step) =>
        Write(Event(DateTimeOffset.UtcNow, step).Message(5, new ProtoWriter().Message(1,
            new ProtoWriter().String(1, tag).Fixed32(2, BitConverter.SingleToUInt32Bits((float)value)))));

    /// <summary>A histogram of <paramref name="values"/> in <paramref name="buckets"/> equal-width buckets (TensorBoard's
    /// HistogramProto: min, max, count, sum, sum of squares, right bucket edges, counts).</summary>
    public void Histogram(string tag, ReadOnlySpan<float> values, long step, int buckets = 30)
    {
        if (values.Length == 0)
            return;
        double min = double.MaxValue, max = double.MinValue, sum = 0, squares = 0;
        foreach (var v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            sum += v;
            squares += (double)v * v;
        }
        var width = max > min ? (max - min) / buckets : 1;
        var counts = new double[buckets];
        foreach (var v in values)
            counts[Math.Min(buckets - 1, (int)((v - min) / width))]++;
        var limits = Enumerable.Range(1, buckets).Select(i => i == buckets ? max : min + i * width).ToArray();
        var histo = new ProtoWriter().Double(1, min).Double(2, max).Double(3, values.Length).Double(4, sum).Double(5, squares)
            .PackedDoubles(6, limits).PackedDoubles(7, counts);
        Write(Event(DateTimeOffset.UtcNow, step).Message(5, new ProtoWriter().Message(1,
            new ProtoWriter().String(1, tag).Message(5, histo))));
    }

    private static ProtoWriter Event(DateTimeOffset time, long step) =>
        new ProtoWriter().Double(1, time.ToUnixTimeMilliseconds() / 1000.0).Int64(2, step);

    private void Write(ProtoWriter message)
    {
        var data = message.ToArray();
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Crc32C.Masked(header[..8]));
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, Crc32C.Masked(data));
        _stream.Write(header);
        _stream.Write(data);
        _stream.Write(footer);
        _stream.Flush();
    }

    public void Dispose() => _stream.Dispose();
}
