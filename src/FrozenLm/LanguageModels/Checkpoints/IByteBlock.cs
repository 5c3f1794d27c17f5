namespace FrozenLm.LanguageModels.Checkpoints;

/// <summary>A read-only block of bytes that stays valid until disposed (a mapped file range or an array).</summary>
internal interface IByteBlock : IDisposable
{
    ReadOnlySpan<byte> Span { get; }
}
