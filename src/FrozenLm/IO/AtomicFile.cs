namespace FrozenLm.IO;

/// <summary>
/// Writes files through a temporary sibling and a rename, so readers never see a half-written file. A write that fails
/// (read-only folder, full disk) leaves the previous file untouched and is a <see cref="UserInputException"/> naming it.
/// </summary>
public static class AtomicFile
{
    /// <summary>Tests only: an exception to throw instead of writing a path (a full disk, a read-only folder).</summary>
    internal static Func<string, Exception?>? InjectedFailure { get; set; }

    /// <summary>Calls <paramref name="write"/> on a temporary path next to <paramref name="path"/>, then renames it.</summary>
    public static void Write(string path, Action<string> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(dir);
            if (InjectedFailure?.Invoke(full) is { } failure)
                throw failure;
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException(full, $"cannot be written ({e.Message.TrimEnd('.')}); the previous file, if any, is unchanged", e);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    private static void TryDelete(string temp)
    {
        try
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The write already failed or succeeded; a stray temporary is removed by the next resume.
        }
    }

    /// <summary>Writes a stream-producing callback atomically.</summary>
    public static void WriteStream(string path, Action<Stream> write) =>
        Write(path, temp =>
        {
            using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            write(stream);
            stream.Flush(flushToDisk: true);
        });

    /// <summary>Writes text atomically (UTF-8, no BOM).</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, temp => File.WriteAllText(temp, text));

    /// <summary>Writes bytes atomically.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) =>
        Write(path, temp => File.WriteAllBytes(temp, bytes));
}
