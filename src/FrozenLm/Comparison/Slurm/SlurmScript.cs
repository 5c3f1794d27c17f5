using System.Globalization;
using System.Text;
using FrozenLm.Comparison.Parallel;
using FrozenLm.IO;

namespace FrozenLm.Comparison.Slurm;

/// <summary>
/// Writes <c>DIR/slurm/grid.sbatch</c>: a job array with one task per pending run (array index = the run's position in
/// the plan), each running the one-run child command into the shared comparison directory, logs under
/// <c>DIR/slurm/logs/&lt;job&gt;_&lt;index&gt;.out</c>.
/// </summary>
public static class SlurmScript
{
    public const string Folder = "slurm";
    public const string FileName = "grid.sbatch";
    public const string LogFolder = "logs";

    public static string FolderIn(string outDir) => Path.Combine(outDir, Folder);
    public static string PathIn(string outDir) => Path.Combine(FolderIn(outDir), FileName);
    public static string LogFolderIn(string outDir) => Path.Combine(FolderIn(outDir), LogFolder);

    /// <summary>The log of array task <paramref name="index"/> of job <paramref name="jobId"/>.</summary>
    public static string LogPath(string outDir, string jobId, int index) =>
        Path.Combine(LogFolderIn(outDir), $"{jobId}_{index.ToString(CultureInfo.InvariantCulture)}.out");

    /// <summary>Writes the script for the runs of <paramref name="plan"/> at <paramref name="indices"/>; returns its path.</summary>
    public static string Write(string outDir, IReadOnlyList<CompareRunRequest> plan, IReadOnlyList<int> indices, SlurmOptions options,
        ChildRunCommand child)
    {
        Directory.CreateDirectory(LogFolderIn(outDir));
        var path = PathIn(outDir);
        AtomicFile.WriteAllText(path, Text(outDir, plan, indices, options, child));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                   UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return path;
    }

    /// <summary>The script's text.</summary>
    public static string Text(string outDir, IReadOnlyList<CompareRunRequest> plan, IReadOnlyList<int> indices, SlurmOptions options,
        ChildRunCommand child)
    {
        if (indices.Count == 0)
            throw new ArgumentException("a job array needs at least one run", nameof(indices));
        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        s.Append("#SBATCH --job-name=frozenlm-compare\n");
        s.Append("#SBATCH --array=").Append(string.Join(",", indices.Order())).Append('\n');
        s.Append("#SBATCH --output=").Append(Path.Combine(LogFolderIn(outDir), "%A_%a.out")).Append('\n');
        foreach (var arg in options.Arguments())
            s.Append("#SBATCH ").Append(arg).Append('\n');
        s.Append("# Written by 'frozenlm compare --slurm': each array task trains the run of the grid in\n");
        s.Append("# ").Append(CompareGridFile.PathIn(outDir)).Append(" at its index into that run's directory, resuming it when\n");
        s.Append("# a previous task was killed. 'frozenlm compare --out DIR' reports progress and aggregates.\n");
        s.Append("set -euo pipefail\n");
        s.Append("declare -a variants seeds\n");
        for (var i = 0; i < plan.Count; i++)
            s.Append(CultureInfo.InvariantCulture, $"variants[{i}]={Quote(plan[i].Variant)}; seeds[{i}]={plan[i].Seed}\n");
        s.Append("index=\"${SLURM_ARRAY_TASK_ID:?run this script with sbatch (it is a job array)}\"\n");
        var command = new List<string> { Quote(child.FileName) };
        command.AddRange(child.PrefixArguments.Select(Quote));
        if (child.Device is { } device)
            command.AddRange(["--device", Quote(device)]);
        command.AddRange(["--threads", "\"${SLURM_CPUS_PER_TASK:-1}\"", ChildRunCommand.CommandName, "--out", Quote(outDir),
            "--variant", "\"${variants[$index]}\"", "--seed", "\"${seeds[$index]}\""]);
        s.Append("exec ").Append(string.Join(' ', command)).Append('\n');
        return s.ToString();
    }

    /// <summary>A single-quoted bash word.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";
}
