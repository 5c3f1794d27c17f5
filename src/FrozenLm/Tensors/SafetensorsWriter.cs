using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using FrozenLm.IO;
using TorchSharp;

namespace FrozenLm.Tensors;

/// <summary>Writes named tensors to a safetensors file atomically (temp file + rename), with optional metadata.</summary>
public static class SafetensorsWriter
{
    /// <summary>
    /// Writes <paramref name="tensors"/> in the given order. <paramref name="dtype"/> (F32, BF16, F16, ...) converts every
    /// floating-point tensor first; null keeps each tensor's own dtype.
    /// </summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, torch.Tensor>> tensors,
        IReadOnlyDictionary<string, string>? metadata = null, string? dtype = null)
    {
        var prepared = new List<(string Name, torch.Tensor Tensor, bool Owned)>();
        try
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, tensor) in tensors)
            {
                if (name == "__metadata__" || !names.Add(name))
                    throw new ArgumentException($"tensor name '{name}' is reserved or repeated", nameof(tensors));
                prepared.Add((name, Prepare(tensor, dtype), true));
            }
            var header = BuildHeader(prepared, metadata);
            AtomicFile.WriteStream(path, stream =>
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
                stream.Write(length);
                stream.Write(header);
                foreach (var item in prepared)
                    TensorBytes.WriteFrom(item.Tensor, stream);
            });
        }
        finally
        {
            foreach (var item in prepared.Where(p => p.Owned))
                item.Tensor.Dispose();
        }
    }

    /// <summary>Writes a single tensor under <paramref name="name"/>.</summary>
    public static void WriteOne(string path, string name, torch.Tensor tensor, string? dtype = null) =>
        Write(path, [new KeyValuePair<string, torch.Tensor>(name, tensor)], null, dtype);

    /// <summary>A detached CPU tensor of the wanted dtype, contiguous; every intermediate copy is disposed at once.</summary>
    private static torch.Tensor Prepare(torch.Tensor tensor, string? dtype)
    {
        var t = tensor.detach();
        try
        {
            if (t.device_type != DeviceType.CPU)
                t = Replace(t, t.cpu());
            if (dtype is not null && t.is_floating_point() && t.dtype != SafetensorsDTypes.ToScalarType(dtype))
                t = Replace(t, t.to(SafetensorsDTypes.ToScalarType(dtype)));
            if (!t.is_contiguous())
                t = Replace(t, t.contiguous());
            SafetensorsDTypes.FromScalarType(t.dtype);
            return t;
        }
        catch
        {
            t.Dispose();
            throw;
        }
    }

    private static torch.Tensor Replace(torch.Tensor old, torch.Tensor next)
    {
        if (!ReferenceEquals(old, next))
            old.Dispose();
        return next;
    }

    private static byte[] BuildHeader(List<(string Name, torch.Tensor Tensor, bool Owned)> items,
        IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata)
                    json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, tensor, _) in items)
            {
                var bytes = tensor.numel() * tensor.ElementSize;
                json.WriteStartObject(name);
                json.WriteString("dtype", SafetensorsDTypes.FromScalarType(tensor.dtype));
                json.WriteStartArray("shape");
                foreach (var d in tensor.shape)
                    json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }
            json.WriteEndObject();
        }
        var raw = buffer.ToArray();
        var padded = (raw.Length + 7) / 8 * 8;
        var header = new byte[padded];
        raw.CopyTo(header, 0);
        header.AsSpan(raw.Length).Fill((byte)' ');
        return header;
    }
}
