namespace FrozenLm.LanguageModels.Checkpoints;

/// <summary>An in-memory <see cref="IByteBlock"/>.</summary>
internal sealed class ArrayByteBlock(byte[] bytes) : IByteBlock
{
    public ReadOnlySpan<byte> Span => bytes;

    public void Dispose()
    {
    }
}
