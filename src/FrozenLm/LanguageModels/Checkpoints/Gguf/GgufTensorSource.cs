using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using FrozenLm.Tensors;
using TorchSharp;

namespace FrozenLm.LanguageModels.Checkpoints.Gguf;

/// <summary>
/// The tensors of a GGUF file under Hugging Face names (<c>blk.N.attn_q.weight</c> becomes the family's
/// <c>model.layers.N.self_attn.q_proj.weight</c>; tensors outside the blocks keep their GGUF names), each read as F32:
/// dequantised in parallel row chunks straight into the caller's buffer, q/k rows put back in Hugging Face order.
/// </summary>
public sealed partial class GgufTensorSource : ITensorSource
{
    private const long ChunkElements = 1 << 16;

    private readonly GgufFile _file;
    private readonly IGgufBinding _binding;
    private readonly LmConfig _config;
    private readonly Dictionary<string, (GgufTensorInfo Tensor, string? BlockKey)> _entries = new(StringComparer.Ordinal);

    public GgufTensorSource(GgufFile file, IGgufBinding binding, LmConfig config)
    {
        _file = file;
        _binding = binding;
        _config = config;
        foreach (var tensor in file.Header.Tensors)
        {
            var match = BlockName().Match(tensor.Name);
            if (match.Success && _binding.BlockTensors.TryGetValue(match.Groups[2].Value, out var key))
            {
                var layer = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                _entries[LmKeyMap.CanonicalPrefix(config.Family, layer) + key] = (tensor, key);
            }
            else
            {
                _entries[tensor.Name] = (tensor, null);
            }
        }
    }

    public string Location => _file.Location;

    public IReadOnlyCollection<string> Names => _entries.Keys;

    public bool Contains(string name) => _entries.ContainsKey(name);

    public TensorInfo Info(string name) => new(name, "F32", Entry(name).Tensor.Shape);

    /// <summary>The stored GGUF tensor behind a Hugging Face name.</summary>
    public GgufTensorInfo Stored(string name) => Entry(name).Tensor;

    public torch.Tensor Read(string name)
    {
        var tensor = torch.empty(Entry(name).Tensor.Shape, torch.ScalarType.Float32);
        try
        {
            ReadRaw(name, tensor.bytes);
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    public unsafe void ReadRaw(string name, Span<byte> destination)
    {
        var (tensor, key) = Entry(name);
        if (destination.Length != tensor.ElementCount * 4)
            throw new ArgumentException($"tensor '{name}' has {tensor.ElementCount * 4} F32 bytes, the destination {destination.Length}", nameof(destination));
        if (!GgmlTypeTraits.Dequantizable.Contains(tensor.Type))
            throw new UserInputException(Location,
                $"tensor '{tensor.Name}' has GGML type {GgmlTypeTraits.Name(tensor.Type)}, which is not supported (supported: {string.Join(", ", GgmlTypeTraits.Dequantizable)})");
        var values = MemoryMarshal.Cast<byte, float>(destination);
        if (values.Length == 0)
            return;
        var heads = key is null ? null : _binding.RopePermutedHeads(key, _config);
        var source = _file.Bytes(tensor);
        if (heads is { } h && tensor.Dims.Length == 1 && GgufRopeOrder.Applies(tensor.RowLength, h))
        {
            var stored = new float[values.Length];
            GgufDequantizer.Dequantize(tensor.Type, source, stored);
            for (var i = 0; i < stored.Length; i++)
                values[i] = stored[GgufRopeOrder.StoredRow(i, stored.Length, h)];
        }
        else
        {
            var rows = tensor.ElementCount / tensor.RowLength;
            var permuted = heads is { } hh && tensor.Dims.Length == 2 && GgufRopeOrder.Applies(rows, hh) ? heads : null;
            fixed (byte* from = source)
            fixed (float* to = values)
                Rows(tensor, (nint)from, (nint)to, rows, permuted);
        }
        if (key is not null)
            _binding.Adjust(key, values);
    }

    private static unsafe void Rows(GgufTensorInfo tensor, nint from, nint to, long rows, int? heads)
    {
        var rowLength = tensor.RowLength;
        var rowBytes = tensor.ByteLength / rows;
        var rowsPerChunk = Math.Max(1, ChunkElements / rowLength);
        var chunks = (rows + rowsPerChunk - 1) / rowsPerChunk;
        void Chunk(long c)
        {
            var first = c * rowsPerChunk;
            var last = Math.Min(rows, first + rowsPerChunk);
            if (heads is null)
            {
                var count = last - first;
                GgufDequantizer.Dequantize(tensor.Type, new ReadOnlySpan<byte>((byte*)from + first * rowBytes, (int)(count * rowBytes)),
                    new Span<float>((float*)to + first * rowLength, (int)(count * rowLength)));
                return;
            }
            for (var row = first; row < last; row++)
            {
                var storedRow = GgufRopeOrder.StoredRow(row, rows, heads.Value);
                GgufDequantizer.Dequantize(tensor.Type, new ReadOnlySpan<byte>((byte*)from + storedRow * rowBytes, (int)rowBytes),
                    new Span<float>((float*)to + row * rowLength, (int)rowLength));
            }
        }
        if (chunks == 1)
            Chunk(0);
        else
            Parallel.For(0L, chunks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, torch.get_num_threads()) }, Chunk);
    }

    private (GgufTensorInfo Tensor, string? BlockKey) Entry(string name) =>
        _entries.TryGetValue(name, out var entry) ? entry : throw new UserInputException(Location, $"no tensor named '{name}'");

    public void Dispose() => _file.Dispose();

    [GeneratedRegex(@"^blk\.(\d{1,6})\.(.+)$")]
    private static partial Regex BlockName();
}
