using System.Runtime.InteropServices;

namespace FrozenLm.Tensors;

/// <summary>
/// Linux <c>madvise</c> hints for bulk tensor copies: back a fresh destination with transparent huge pages and populate a
/// mapped source range in one call, instead of taking one page fault per 4 KiB. Best effort: elsewhere, or when the
/// kernel refuses, nothing happens.
/// </summary>
internal static partial class MemoryAdvice
{
    private const int MadvHugePage = 14;
    private const int MadvPopulateRead = 22;
    private const long HugePageBytes = 2L << 20;
    private const long PageBytes = 4096;

    /// <summary>Asks for huge pages over the 2 MiB-aligned part of a not yet touched buffer.</summary>
    public static unsafe void PreferHugePages(Span<byte> buffer)
    {
        if (!OperatingSystem.IsLinux() || buffer.Length < 2 * HugePageBytes)
            return;
        fixed (byte* pointer = buffer)
        {
            var start = ((long)pointer + HugePageBytes - 1) & ~(HugePageBytes - 1);
            var end = ((long)pointer + buffer.Length) & ~(HugePageBytes - 1);
            if (end > start)
                _ = Advise((nint)start, (nuint)(end - start), MadvHugePage);
        }
    }

    /// <summary>Maps every page of a read-only mapped range in one call.</summary>
    public static unsafe void PopulateForRead(byte* pointer, long length)
    {
        if (!OperatingSystem.IsLinux() || length < PageBytes)
            return;
        var start = (long)pointer & ~(PageBytes - 1);
        var end = (long)pointer + length;
        _ = Advise((nint)start, (nuint)(end - start), MadvPopulateRead);
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Advise(nint address, nuint length, int advice);
}
