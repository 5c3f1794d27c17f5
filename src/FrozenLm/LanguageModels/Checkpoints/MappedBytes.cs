using System.IO.MemoryMappedFiles;

namespace FrozenLm.LanguageModels.Checkpoints;

/// <summary>A read-only memory-mapped byte range of a file (a whole file, or a resource inside an assembly).</summary>
internal sealed unsafe class MappedBytes : IByteBlock
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private byte* _pointer;

    private MappedBytes(MemoryMappedFile file, MemoryMappedViewAccessor view, byte* pointer, int length)
    {
        _file = file;
        _view = view;
        _pointer = pointer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_pointer == null, this);
            return new ReadOnlySpan<byte>(_pointer, Length);
        }
    }

    /// <summary>Maps <paramref name="length"/> bytes at <paramref name="offset"/> (the rest of the file when null).</summary>
    public static MappedBytes Open(string path, string subject, long offset = 0, long? length = null)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new UserInputException(subject, $"invalid path: {e.Message}", e);
        }

        if (!info.Exists)
        {
            throw new UserInputException(subject, "file not found");
        }

        var size = length ?? info.Length - offset;
        if (offset < 0 || size <= 0 || offset + size > info.Length)
        {
            throw new UserInputException(subject, $"empty or out-of-range byte range ({size} bytes at {offset} of {info.Length})");
        }

        if (size > int.MaxValue)
        {
            throw new UserInputException(subject, $"{size} bytes is larger than the 2 GiB protobuf limit");
        }

        MemoryMappedFile? file = null;
        MemoryMappedViewAccessor? view = null;
        try
        {
            file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            view = file.CreateViewAccessor(offset, size, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            return new MappedBytes(file, view, pointer + view.PointerOffset, (int)size);
        }
        catch (IOException e)
        {
            view?.Dispose();
            file?.Dispose();
            throw new UserInputException(subject, $"cannot map file: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            view?.Dispose();
            file?.Dispose();
            throw new UserInputException(subject, $"cannot read file: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        if (_pointer == null)
        {
            return;
        }

        _pointer = null;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
