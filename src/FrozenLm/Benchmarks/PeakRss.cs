using System.Globalization;

namespace FrozenLm.Benchmarks;

/// <summary>The process's peak resident set size: <c>VmHWM</c> from /proc/self/status on Linux, else the runtime's peak working set.</summary>
public static class PeakRss
{
    public static double Mebibytes()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
            foreach (var line in File.ReadLines(status))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal) &&
                    long.TryParse(line["VmHWM:".Length..].Replace("kB", "").Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb))
                    return kb / 1024.0;
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / (1024.0 * 1024.0);
    }
}
