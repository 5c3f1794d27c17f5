using System.Buffers.Binary;
using System.IO.Compression;

namespace FrozenLm.Data.Formats;

/// <summary>Reads IDX files (the MNIST container: big-endian magic, dimensions, then uint8 data), plain or gzip.</summary>
internal static class IdxFile
{
    public static (int[] Dims, byte[] Data) Read(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            return Read(file, path, path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase));
        }
        catch (IOException e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UserInputException(path, "file not found", e);
        }
    }

    /// <summary>Reads an IDX stream; <paramref name="displayName"/> names it in errors.</summary>
    public static (int[] Dims, byte[] Data) Read(Stream stream, string displayName, bool gzip)
    {
        byte[] bytes;
        try
        {
            using var buffer = new MemoryStream();
            if (gzip)
            {
                using var unzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
                unzip.CopyTo(buffer);
            }
            else
            {
                stream.CopyTo(buffer);
            }
            bytes = buffer.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new UserInputException(displayName, "truncated or corrupt gzip data", e);
        }
        catch (EndOfStreamException e)
        {
            throw new UserInputException(displayName, "truncated gzip data", e);
        }
        return Parse(bytes, displayName);
    }

    private static (int[] Dims, byte[] Data) Parse(byte[] bytes, string displayName)
    {
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
            throw new UserInputException(displayName, "not an IDX file (the magic number must start with two zero bytes)");
        if (bytes[2] != 0x08)
            throw new UserInputException(displayName, $"IDX element type 0x{bytes[2]:x2} is not supported (only unsigned bytes, 0x08)");
        var ndim = bytes[3];
        if (ndim == 0 || bytes.Length < 4 + 4 * ndim)
            throw new UserInputException(displayName, $"IDX header with {ndim} dimensions is truncated or empty");
        var dims = new int[ndim];
        long total = 1;
        for (var d = 0; d < ndim; d++)
        {
            var size = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (size > int.MaxValue)
                throw new UserInputException(displayName, $"IDX dimension {d} is {size}, too large");
            dims[d] = (int)size;
            try
            {
                total = checked(total * size);
            }
            catch (OverflowException)
            {
                throw new UserInputException(displayName,
                    $"IDX dimensions {string.Join("x", Enumerable.Range(0, ndim).Select(i => BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4 + 4 * i))))} describe more than 2^63 bytes");
            }
        }
        var header = 4 + 4 * ndim;
        if (bytes.Length - header != total)
            throw new UserInputException(displayName,
                $"IDX dimensions {string.Join("x", dims)} need {total} bytes of data but the file has {bytes.Length - header}");
        return (dims, bytes.AsSpan(header).ToArray());
    }
}
