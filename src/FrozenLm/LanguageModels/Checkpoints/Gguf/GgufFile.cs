using System.IO.MemoryMappedFiles;
using FrozenLm.Tensors;

namespace FrozenLm.LanguageModels.Checkpoints.Gguf;

/// <summary>
/// A memory-mapped GGUF file: the validated <see cref="GgufHeader"/> and read-only access to each tensor's stored
/// bytes. Nothing but the header is touched until a tensor is read.
/// </summary>
public sealed unsafe class GgufFile : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly Dictionary<string, GgufTensorInfo> _tensors;
    private byte* _pointer;

    private GgufFile(string location, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* pointer, long length)
    {
        Location = location;
        _map = map;
        _view = view;
        _pointer = pointer;
        Length = length;
        try
        {
            Header = GgufHeader.Parse(new ReadOnlySpan<byte>(pointer, (int)Math.Min(length, int.MaxValue)), length, location);
        }
        catch
        {
            Dispose();
            throw;
        }
        _tensors = Header.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public string Location { get; }
    public long Length { get; }
    public GgufHeader Header { get; }
    public GgufMetadata Metadata => Header.Metadata;

    /// <summary>Maps and validates <paramref name="path"/>; any problem is a one-line <see cref="UserInputException"/>.</summary>
    public static GgufFile Open(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new UserInputException(path, "file not found");
        if (info.Length < 24)
            throw new UserInputException(path, $"truncated GGUF file ({info.Length} bytes, the header alone needs 24)");
        MemoryMappedFile? map = null;
        MemoryMappedViewAccessor? view = null;
        try
        {
            map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            view = map.CreateViewAccessor(0, info.Length, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            return new GgufFile(path, map, view, pointer + view.PointerOffset, info.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            view?.Dispose();
            map?.Dispose();
            throw new UserInputException(path, $"cannot be memory-mapped: {e.Message}", e);
        }
    }

    public bool Contains(string name) => _tensors.ContainsKey(name);

    public GgufTensorInfo Tensor(string name) =>
        _tensors.TryGetValue(name, out var info) ? info : throw new UserInputException(Location, $"no tensor named '{name}'");

    /// <summary>The stored bytes of <paramref name="tensor"/>, valid until this file is disposed; pages are asked for up front.</summary>
    public ReadOnlySpan<byte> Bytes(GgufTensorInfo tensor)
    {
        ObjectDisposedException.ThrowIf(_pointer == null, this);
        if (tensor.ByteLength > int.MaxValue)
            throw new UserInputException(Location, $"tensor '{tensor.Name}' has {tensor.ByteLength} bytes, more than one read handles (2 GiB)");
        var start = _pointer + Header.DataStart + tensor.Offset;
        MemoryAdvice.PopulateForRead(start, (int)tensor.ByteLength);
        return new ReadOnlySpan<byte>(start, (int)tensor.ByteLength);
    }

    public void Dispose()
    {
        if (_pointer == null)
            return;
        _pointer = null;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
