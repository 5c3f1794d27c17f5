using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace FrozenLm.Comparison.Slurm;

/// <summary>
/// Talks to Slurm through its command-line tools (<c>sbatch</c>, <c>squeue</c>): submits a script, lists the array
/// tasks still queued or running. A missing tool or a refusal is a <see cref="UserInputException"/> carrying Slurm's message.
/// </summary>
public sealed class SlurmClient
{
    private readonly string _sbatch;
    private readonly string _squeue;

    /// <summary>Uses the given executables (names on PATH or paths).</summary>
    public SlurmClient(string sbatch = "sbatch", string squeue = "squeue")
    {
        _sbatch = sbatch;
        _squeue = squeue;
    }

    /// <summary>Submits <paramref name="script"/>; returns the job id.</summary>
    public string Submit(string script)
    {
        var (code, stdout, stderr) = Execute(_sbatch, "sbatch", "--parsable", script);
        if (code != 0)
            throw new UserInputException("sbatch", "refused the job: " + Message(stderr, stdout, code));
        var id = stdout.Trim().Split(';')[0].Trim();
        if (id.Length == 0 || !id.All(char.IsAsciiDigit))
            throw new UserInputException("sbatch", $"answered '{stdout.Trim()}' instead of a job id");
        return id;
    }

    /// <summary>
    /// The array tasks of <paramref name="jobIds"/> still known to <c>squeue</c>, as (job id, array index) → state
    /// (PENDING, RUNNING, ...).
    /// </summary>
    public IReadOnlyDictionary<(string Job, int Index), string> Queue(IReadOnlyCollection<string> jobIds)
    {
        var tasks = new Dictionary<(string, int), string>();
        if (jobIds.Count == 0)
            return tasks;
        var (code, stdout, stderr) = Execute(_squeue, "squeue", "--noheader", "--array", "--format=%F %K %T", "--states=all",
            "--jobs=" + string.Join(",", jobIds));
        if (code != 0)
        {
            // squeue refuses job ids it has forgotten; then nothing of those jobs is queued any more.
            if (stderr.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase))
                return tasks;
            throw new UserInputException("squeue", "failed: " + Message(stderr, stdout, code));
        }
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3 && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var index))
                tasks[(parts[0], index)] = parts[2];
        }
        return tasks;
    }

    private static string Message(string stderr, string stdout, int code)
    {
        var text = (stderr.Trim().Length > 0 ? stderr : stdout).ReplaceLineEndings(" ").Trim();
        return text.Length > 0 ? text : $"exit code {code} without a message";
    }

    private static (int Code, string Out, string Err) Execute(string executable, string name, params string[] arguments)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
            info.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(info) ?? throw new UserInputException(name, $"could not be started ({executable})");
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout, stderr.Result);
        }
        catch (Win32Exception e)
        {
            throw new UserInputException(name, $"is not available ({executable}: {e.Message}); run on a Slurm login node, " +
                                               "or use --parallel to train on this machine", e);
        }
    }
}
