using System.Globalization;
using System.Text.Json;
using FrozenLm.IO;

namespace FrozenLm.Comparison;

/// <summary>
/// The lock that keeps two <c>compare</c> processes out of one comparison directory: an exclusive advisory lock
/// (flock) on <c>DIR/compare.lock</c>, held for the life of the process, plus <c>DIR/compare.lock.json</c> naming the
/// holder (pid, host, start time). The operating system drops the lock when its holder dies, so a lock left by a killed
/// process is simply taken over; the holder file is then rewritten.
/// </summary>
public sealed class CompareLock : IDisposable
{
    public const string LockFile = "compare.lock";
    public const string HolderFile = "compare.lock.json";

    private readonly FileStream _stream;
    private readonly string _holderPath;

    private CompareLock(FileStream stream, string holderPath)
    {
        _stream = stream;
        _holderPath = holderPath;
    }

    /// <summary>
    /// Takes the lock of <paramref name="outDir"/> (creating the directory); throws <see cref="UserInputException"/>
    /// naming the holder when another live process has it.
    /// </summary>
    public static CompareLock Acquire(string outDir)
    {
        Directory.CreateDirectory(outDir);
        var lockPath = Path.Combine(outDir, LockFile);
        var holderPath = Path.Combine(outDir, HolderFile);
        FileStream stream;
        try
        {
            // FileShare.None takes flock(LOCK_EX | LOCK_NB) on Unix: it fails while another open description holds it.
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new UserInputException(outDir, "is in use by another compare (" + DescribeHolder(holderPath) +
                                                 "); wait for it to finish or stop it, then run again");
        }
        var self = System.Diagnostics.Process.GetCurrentProcess();
        var holder = new Dictionary<string, string>
        {
            ["pid"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            ["host"] = Environment.MachineName,
            ["started_utc"] = self.StartTime.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        AtomicFile.WriteAllText(holderPath, JsonSerializer.Serialize(holder) + "\n");
        return new CompareLock(stream, holderPath);
    }

    /// <summary>"pid 123 on host n1, started 2026-12-02T04:00:00Z", from the holder file.</summary>
    public static string DescribeHolder(string holderPath)
    {
        try
        {
            var holder = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(holderPath));
            if (holder is not null && holder.TryGetValue("pid", out var pid) && holder.TryGetValue("host", out var host) &&
                holder.TryGetValue("started_utc", out var started))
                return $"pid {pid} on host {host}, started {started}";
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
        }
        return "its holder is not recorded yet";
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_holderPath);
        }
        catch (IOException)
        {
        }
        _stream.Dispose();
    }
}
