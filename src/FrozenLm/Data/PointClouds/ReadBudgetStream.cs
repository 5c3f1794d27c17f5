namespace FrozenLm.Data.PointClouds;

/// <summary>
/// A read-only file stream that fails once more than a budget of bytes (each read counting at least one) has been
/// read: a corrupt HDF5 file can send PureHDF's header parser around a cycle that rereads the same bytes forever.
/// </summary>
internal sealed class ReadBudgetStream(FileStream inner, long budget) : Stream
{
    private long _spent;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Spend(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Spend(inner.Read(buffer));

    public override int ReadByte()
    {
        var b = inner.ReadByte();
        Spend(1);
        return b;
    }

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }

    private int Spend(int read)
    {
        _spent += Math.Max(read, 1);
        if (_spent > budget)
            throw new InvalidDataException($"read more than {budget} bytes of a {inner.Length}-byte file, so its structure loops");
        return read;
    }
}
