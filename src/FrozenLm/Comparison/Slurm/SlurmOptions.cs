using System.Text.Json;
using System.Text.RegularExpressions;
using FrozenLm.IO;

namespace FrozenLm.Comparison.Slurm;

/// <summary>What each array task of a Slurm comparison asks for (the <c>#SBATCH</c> lines); null means the cluster's default.</summary>
public sealed partial record SlurmOptions
{
    public string? Partition { get; init; }

    /// <summary>Wall-time limit per run, <c>HH:MM:SS</c> (or <c>D-HH:MM:SS</c>).</summary>
    public string? Time { get; init; }

    /// <summary>CPUs per run; the run trains with this many threads (1 when not given).</summary>
    public int? CpusPerTask { get; init; }

    public string? Mem { get; init; }
    public string? Gres { get; init; }

    /// <summary>Further <c>#SBATCH</c> arguments, verbatim (e.g. <c>--account=lab</c>, <c>--qos=long</c>).</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>Checks the values a user can get wrong; throws <see cref="UserInputException"/> naming the flag.</summary>
    public void Validate()
    {
        if (Time is not null && !TimePattern().IsMatch(Time))
            throw new UserInputException("--time", $"'{Time}' is not a Slurm time limit (HH:MM:SS or D-HH:MM:SS)");
        if (CpusPerTask is < 1)
            throw new UserInputException("--cpus-per-task", $"must be at least 1, got {CpusPerTask}");
        foreach (var (flag, value) in new[] { ("--partition", Partition), ("--mem", Mem), ("--gres", Gres) })
            if (value is not null && (value.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
                throw new UserInputException(flag, $"'{value}' must be one word without spaces");
        foreach (var arg in ExtraArguments)
            if (!arg.StartsWith('-') || arg.Any(char.IsControl))
                throw new UserInputException("--sbatch-arg", $"'{arg}' is not an sbatch option (it must start with '-', on one line)");
    }

    /// <summary>The <c>#SBATCH</c> arguments these options add, in a fixed order.</summary>
    public IEnumerable<string> Arguments()
    {
        if (Partition is not null)
            yield return "--partition=" + Partition;
        if (Time is not null)
            yield return "--time=" + Time;
        if (CpusPerTask is { } cpus)
            yield return "--cpus-per-task=" + cpus;
        if (Mem is not null)
            yield return "--mem=" + Mem;
        if (Gres is not null)
            yield return "--gres=" + Gres;
        foreach (var arg in ExtraArguments)
            yield return arg;
    }

    /// <summary>Where the options of the last submission are kept: <c>DIR/slurm/options.json</c>.</summary>
    public static string PathIn(string outDir) => Path.Combine(SlurmScript.FolderIn(outDir), "options.json");

    /// <summary>Keeps these options for a later <c>--resubmit</c> (temp + rename).</summary>
    public void Save(string outDir)
    {
        Directory.CreateDirectory(SlurmScript.FolderIn(outDir));
        AtomicFile.WriteAllText(PathIn(outDir), JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>The options of the last submission to <paramref name="outDir"/>, or null when there was none.</summary>
    public static SlurmOptions? Load(string outDir)
    {
        var path = PathIn(outDir);
        if (!File.Exists(path))
            return null;
        try
        {
            var options = JsonSerializer.Deserialize<SlurmOptions>(File.ReadAllText(path));
            options?.Validate();
            return options;
        }
        catch (JsonException e)
        {
            throw new UserInputException(path, "is not readable Slurm options: " + e.Message, e);
        }
    }

    [GeneratedRegex(@"^(\d+-)?\d{1,3}:\d{2}:\d{2}$")]
    private static partial Regex TimePattern();
}
