namespace FrozenLm.Fuzz.Targets;

/// <summary>A private scratch folder where targets write the input bytes as the files the readers open.</summary>
public sealed class FuzzScratch : IDisposable
{
    public FuzzScratch(string? root = null)
    {
        var parent = root ?? (Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath());
        Root = Path.Combine(parent, $"frozenlm-fuzz-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Writes <paramref name="bytes"/> as <paramref name="relativePath"/> under the scratch folder and returns its path.</summary>
    public string Write(string relativePath, ReadOnlySpan<byte> bytes)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A fresh empty sub-folder (deleted and recreated), for readers that take a folder.</summary>
    public string EmptyFolder(string name)
    {
        var path = Path.Combine(Root, name);
        if (Directory.Exists(path))
            Directory.Delete(path, recursive: true);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
