using System.IO.Compression;
using TorchSharp;

namespace FrozenLm.LanguageModels.Checkpoints.Pickle;

/// <summary>
/// One <c>torch.save</c> zip file (<c>&lt;archive&gt;/data.pkl</c> + <c>&lt;archive&gt;/data/&lt;key&gt;</c> storages) whose
/// top-level object is a dict of tensors. The pickle is read with <see cref="RestrictedUnpickler"/> when the file opens;
/// storages are read from the zip only when a tensor is read.
/// </summary>
internal sealed class TorchPthFile : IDisposable
{
    private const long MaxPickleBytes = 256L << 20;

    private readonly ZipArchive _zip;
    private readonly string _prefix;
    private readonly Lock _lock = new();

    private TorchPthFile(string path, ZipArchive zip, string prefix, IReadOnlyDictionary<string, TorchTensorRef> tensors)
    {
        Path = path;
        _zip = zip;
        _prefix = prefix;
        Tensors = tensors;
    }

    public string Path { get; }

    /// <summary>Tensors by their name in the pickled dict (non-tensor values are left out).</summary>
    public IReadOnlyDictionary<string, TorchTensorRef> Tensors { get; }

    public static TorchPthFile Open(string path)
    {
        FileStream stream;
        try
        {
            stream = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException(path, $"cannot read file: {e.Message}", e);
        }

        return Open(stream, path);
    }

    /// <summary>Reads a torch.save zip from <paramref name="stream"/> (owned; disposed with the file or on failure).</summary>
    public static TorchPthFile Open(Stream stream, string path)
    {
        ZipArchive? zip = null;
        var opened = false;
        try
        {
            var length = stream.Length;
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
            var pickles = zip.Entries.Where(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal)
                && e.FullName.IndexOf('/') == e.FullName.Length - "/data.pkl".Length).ToList();
            if (pickles.Count != 1)
            {
                throw new UserInputException(path, $"not a torch.save zip: expected one '<archive>/data.pkl', found {pickles.Count}");
            }

            var prefix = pickles[0].FullName[..^"data.pkl".Length];
            if (zip.GetEntry(prefix + "byteorder") is { } byteOrder && ReadSmall(byteOrder, path, 64, length) is var order
                && System.Text.Encoding.ASCII.GetString(order).Trim() != "little")
            {
                throw new UserInputException(path, "big-endian torch checkpoints are not supported");
            }

            var pickle = ReadSmall(pickles[0], path, MaxPickleBytes, length);
            var root = RestrictedUnpickler.Load(pickle, path) as PickleDict
                ?? throw new UserInputException(path, "the pickled object is not a dict of tensors");
            var tensors = new Dictionary<string, TorchTensorRef>(StringComparer.Ordinal);
            foreach (var (key, value) in root.Items)
            {
                if (key is string name && value is TorchTensorRef tensor)
                {
                    CheckStorage(zip, prefix, tensor.Storage, path, length);
                    tensors[name] = tensor;
                }
            }

            var file = new TorchPthFile(path, zip, prefix, tensors);
            opened = true;
            return file;
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            throw new UserInputException(path, $"not a valid zip (torch.save) file: {e.Message}", e);
        }
        catch (IOException e) when (e is not EndOfStreamException)
        {
            throw new UserInputException(path, $"cannot read file: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UserInputException(path, $"cannot read file: {e.Message}", e);
        }
        catch (EndOfStreamException e)
        {
            throw new UserInputException(path, "truncated file", e);
        }
        finally
        {
            if (!opened)
            {
                zip?.Dispose();
                stream.Dispose();
            }
        }
    }

    /// <summary>Reads one tensor (a contiguous CPU copy in its stored dtype).</summary>
    public torch.Tensor Read(TorchTensorRef tensor)
    {
        var elementSize = RawTensors.ElementSize(tensor.Storage.DType);
        long first = tensor.StorageOffset, last = tensor.StorageOffset;
        for (var i = 0; i < tensor.Size.Length; i++)
        {
            last += Math.Max(tensor.Size[i] - 1, 0) * tensor.Stride[i];
        }

        var count = tensor.ElementCount == 0 ? 0 : last - first + 1;
        if (count * elementSize > Array.MaxLength)
        {
            throw new UserInputException(Path, $"tensor over storage '{tensor.Storage.Key}' spans {count * elementSize} bytes, more than one read supports");
        }

        byte[] bytes;
        try
        {
            lock (_lock)
            {
                var entry = _zip.GetEntry(_prefix + "data/" + tensor.Storage.Key)
                    ?? throw new UserInputException(Path, $"storage '{tensor.Storage.Key}' is missing");
                using var stream = entry.Open();
                SkipExactly(stream, first * elementSize);
                bytes = new byte[checked(count * elementSize)];
                stream.ReadExactly(bytes);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException or NotSupportedException)
        {
            throw new UserInputException(Path, $"storage '{tensor.Storage.Key}' cannot be read: {e.Message}", e);
        }

        using var flat = RawTensors.FromBytes(bytes, tensor.Storage.DType, [count]);
        if (tensor.IsContiguous)
        {
            return flat.reshape(tensor.Size);
        }

        using var view = flat.as_strided(tensor.Size, tensor.Stride, 0);
        return view.contiguous();
    }

    public void Dispose() => _zip.Dispose();

    private static void CheckStorage(ZipArchive zip, string prefix, TorchStorageRef storage, string path, long fileLength)
    {
        var entry = zip.GetEntry(prefix + "data/" + storage.Key)
            ?? throw new UserInputException(path, $"storage '{storage.Key}' is missing from the zip");
        var expected = storage.ElementCount * RawTensors.ElementSize(storage.DType);
        if (entry.Length != expected)
        {
            throw new UserInputException(path, $"storage '{storage.Key}' holds {entry.Length} bytes, expected {expected}");
        }

        CheckPlausible(entry, path, fileLength);
    }

    private static void CheckPlausible(ZipArchiveEntry entry, string path, long fileLength)
    {
        var bound = entry.CompressedLength == entry.Length ? fileLength : entry.CompressedLength * 1100L;
        if (entry.Length < 0 || entry.CompressedLength > fileLength || entry.Length > bound)
        {
            throw new UserInputException(path, $"zip entry '{entry.FullName}' declares an implausible size ({entry.Length} bytes)");
        }
    }

    private static byte[] ReadSmall(ZipArchiveEntry entry, string path, long limit, long fileLength)
    {
        CheckPlausible(entry, path, fileLength);
        if (entry.Length > limit)
        {
            throw new UserInputException(path, $"'{entry.FullName}' is larger than {limit} bytes");
        }

        var bytes = new byte[entry.Length];
        using var stream = entry.Open();
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static void SkipExactly(Stream stream, long count)
    {
        var buffer = new byte[(int)Math.Min(count, 1 << 20)];
        while (count > 0)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(count, buffer.Length));
            if (read == 0)
            {
                throw new EndOfStreamException("storage ends early");
            }

            count -= read;
        }
    }
}
