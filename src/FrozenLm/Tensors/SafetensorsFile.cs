using System.IO.MemoryMappedFiles;
using TorchSharp;

namespace FrozenLm.Tensors;

/// <summary>
/// A memory-mapped safetensors file. The header is validated when opened; each tensor's bytes are mapped and copied straight into the tensor
/// only when that tensor is read.
/// </summary>
public sealed class SafetensorsFile : ITensorSource
{
    private readonly SafetensorsHeader _header;
    private readonly MemoryMappedFile? _map;

    private SafetensorsFile(string path, SafetensorsHeader header, MemoryMappedFile? map)
    {
        Location = path;
        _header = header;
        _map = map;
    }

    public string Location { get; }

    public IReadOnlyCollection<string> Names => (IReadOnlyCollection<string>)_header.Entries.Keys;

    /// <summary>The free-form string metadata stored under <c>__metadata__</c>.</summary>
    public IReadOnlyDictionary<string, string> Metadata => _header.Metadata;

    /// <summary>Opens and validates <paramref name="path"/>; throws <see cref="UserInputException"/> for any problem.</summary>
    public static SafetensorsFile Open(string path)
    {
        var header = SafetensorsHeader.Read(path);
        var hasData = header.Entries.Values.Any(e => e.ByteLength > 0);
        MemoryMappedFile? map = null;
        if (hasData)
        {
            try
            {
                map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            }
            catch (IOException e)
            {
                throw new UserInputException(path, "cannot be memory-mapped: " + e.Message, e);
            }
        }
        return new SafetensorsFile(path, header, map);
    }

    public bool Contains(string name) => _header.Entries.ContainsKey(name);

    public TensorInfo Info(string name) => Entry(name).Info;

    /// <summary>The validated byte range of a tensor.</summary>
    public SafetensorsEntry Entry(string name) =>
        _header.Entries.TryGetValue(name, out var entry)
            ? entry
            : throw new UserInputException(Location, $"no tensor named '{name}'");

    public torch.Tensor Read(string name)
    {
        var entry = Entry(name);
        var tensor = torch.empty(entry.Info.Shape, SafetensorsDTypes.ToScalarType(entry.Info.DType));
        try
        {
            long done = 0;
            TensorBytes.Fill(tensor, span =>
            {
                CopyRange(name, entry.Begin + done, span);
                done += span.Length;
            });
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    public void ReadRaw(string name, Span<byte> destination)
    {
        var entry = Entry(name);
        if (destination.Length != entry.ByteLength)
            throw new ArgumentException($"tensor '{name}' has {entry.ByteLength} bytes, the destination {destination.Length}", nameof(destination));
        CopyRange(name, entry.Begin, destination);
    }

    /// <summary>Reads a floating-point tensor and converts it to F32.</summary>
    public torch.Tensor ReadFloat32(string name)
    {
        using var stored = Read(name);
        return SafetensorsDTypes.ToFloat32(stored);
    }

    private unsafe void CopyRange(string name, long begin, Span<byte> destination)
    {
        if (destination.Length == 0)
            return;
        try
        {
            using var view = _map!.CreateViewAccessor(_header.DataStart + begin, destination.Length, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            var handle = view.SafeMemoryMappedViewHandle;
            handle.AcquirePointer(ref pointer);
            try
            {
                MemoryAdvice.PopulateForRead(pointer + view.PointerOffset, destination.Length);
                new ReadOnlySpan<byte>(pointer + view.PointerOffset, destination.Length).CopyTo(destination);
            }
            finally
            {
                handle.ReleasePointer();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException(Location, $"tensor '{name}' cannot be read: {e.Message}", e);
        }
    }

    public void Dispose() => _map?.Dispose();
}
