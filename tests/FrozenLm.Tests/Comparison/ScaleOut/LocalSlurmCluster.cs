using System.Diagnostics;

namespace FrozenLm.Tests.Comparison.ScaleOut;

/// <summary>
/// A one-node Slurm cluster on this machine, started and stopped through the project's <c>scripts/slurm-local.sh</c>
/// in its own state directory and port; while it runs, this process's <c>SLURM_CONF</c> points at it, so the
/// <c>sbatch</c> / <c>squeue</c> the CLI starts talk to it.
/// </summary>
internal sealed class LocalSlurmCluster : IDisposable
{
    private readonly string _stateDir;
    private readonly string? _previousConf;

    private LocalSlurmCluster(string stateDir, string conf)
    {
        _stateDir = stateDir;
        _previousConf = Environment.GetEnvironmentVariable("SLURM_CONF");
        Environment.SetEnvironmentVariable("SLURM_CONF", conf);
    }

    /// <summary>Why the cluster cannot run here (not root, packages missing), or null when it can.</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
            return "the local Slurm cluster needs Linux and root";
        foreach (var tool in new[] { "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/sbatch" })
            if (!File.Exists(tool))
                return $"{tool} is missing (apt-get install slurm-wlm munge)";
        return Script() is null ? "scripts/slurm-local.sh not found above the test directory" : null;
    }

    public static LocalSlurmCluster Start()
    {
        var stateDir = TestPaths.NewTempDir("slurm-cluster");
        var (code, output) = Execute("start", stateDir);
        Assert.True(code == 0, "slurm-local.sh start failed: " + output);
        var conf = output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("export SLURM_CONF=", StringComparison.Ordinal))["export SLURM_CONF=".Length..];
        return new LocalSlurmCluster(stateDir, conf);
    }

    /// <summary>Runs a Slurm client tool (scancel, squeue) against the cluster.</summary>
    public static string Tool(string name, params string[] arguments)
    {
        var info = new ProcessStartInfo(name) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{name} {string.Join(' ', arguments)}: {output}");
        return output;
    }

    public void Dispose()
    {
        Execute("stop", _stateDir);
        Environment.SetEnvironmentVariable("SLURM_CONF", _previousConf);
    }

    private static string? Script()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "scripts", "slurm-local.sh");
            if (File.Exists(path))
                return path;
        }
        return null;
    }

    private static (int Code, string Output) Execute(string verb, string stateDir)
    {
        var info = new ProcessStartInfo("bash", [Script()!, verb]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["FROZENLM_SLURM_DIR"] = Path.Combine(stateDir, "cluster");
        // A port of its own per test process, away from the script's default one (a cluster someone started by hand).
        info.Environment["FROZENLM_SLURM_PORT"] = (17000 + Environment.ProcessId % 2000 * 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + stderr.Result);
    }
}
