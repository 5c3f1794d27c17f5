using TorchSharp;

namespace FrozenLm.Tensors;

/// <summary>Raw byte access to contiguous CPU tensors, in chunks so tensors over 2 GiB work too.</summary>
public static class TensorBytes
{
    private const long ChunkBytes = 1L << 30;

    /// <summary>Fills a contiguous CPU tensor with exactly its byte size from <paramref name="stream"/>.</summary>
    public static void ReadInto(torch.Tensor tensor, Stream stream) => ForEachChunk(tensor, span => stream.ReadExactly(span));

    /// <summary>Lets <paramref name="fill"/> write the tensor's bytes chunk by chunk, in order.</summary>
    public static void Fill(torch.Tensor tensor, SpanAction fill) => ForEachChunk(tensor, fill);

    /// <summary>Writes the bytes of a contiguous CPU tensor to <paramref name="stream"/>.</summary>
    public static void WriteFrom(torch.Tensor tensor, Stream stream) => ForEachChunk(tensor, span => stream.Write(span));

    /// <summary>Feeds the tensor's bytes to <paramref name="consume"/> chunk by chunk (for hashing).</summary>
    public static void Visit(torch.Tensor tensor, Action<ReadOnlySpan<byte>> consume) => ForEachChunk(tensor, span => consume(span));

    private static void ForEachChunk(torch.Tensor tensor, SpanAction action)
    {
        if (!tensor.is_contiguous() || tensor.device_type != DeviceType.CPU)
            throw new ArgumentException("tensor must be a contiguous CPU tensor", nameof(tensor));
        var elementSize = tensor.ElementSize;
        var total = tensor.numel() * elementSize;
        if (total == 0)
            return;
        if (total <= ChunkBytes)
        {
            action(tensor.bytes);
            return;
        }
        using var flat = tensor.view(-1);
        var perChunk = ChunkBytes / elementSize;
        for (long start = 0; start < flat.numel(); start += perChunk)
        {
            using var part = flat.narrow(0, start, Math.Min(perChunk, flat.numel() - start));
            action(part.bytes);
        }
    }

    /// <summary>Receives one chunk of a tensor's bytes.</summary>
    public delegate void SpanAction(Span<byte> span);
}
