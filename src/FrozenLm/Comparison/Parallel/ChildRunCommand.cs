using System.Diagnostics;
using System.Globalization;

namespace FrozenLm.Comparison.Parallel;

/// <summary>
/// How to start the one-run child of a comparison (<c>frozenlm --threads T compare-run --out DIR --variant V --seed S</c>):
/// the executable (the dotnet host) and the arguments that precede the command (the CLI assembly).
/// </summary>
public sealed record ChildRunCommand(string FileName, IReadOnlyList<string> PrefixArguments)
{
    /// <summary>The hidden command that trains one run of a grid.</summary>
    public const string CommandName = "compare-run";

    /// <summary>The <c>--device</c> the children use; null leaves it to each child (auto).</summary>
    public string? Device { get; init; }

    /// <summary>
    /// The child command for the CLI assembly at <paramref name="cliAssembly"/>, started through the dotnet host that
    /// runs this process (or the one on PATH when this process is not run by dotnet, e.g. under a test host).
    /// </summary>
    public static ChildRunCommand ForCliAssembly(string cliAssembly)
    {
        var host = Environment.ProcessPath;
        if (host is null || Path.GetFileNameWithoutExtension(host) != "dotnet")
            host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } fromSdk && File.Exists(fromSdk)
                ? fromSdk
                : FindOnPath("dotnet") ?? throw new InvalidOperationException("cannot find the dotnet host to start child runs (not on PATH)");
        return new ChildRunCommand(host, [Path.GetFullPath(cliAssembly)]);
    }

    /// <summary>The full argument list of the child for one run.</summary>
    public IReadOnlyList<string> Arguments(string outDir, string variant, int seed, int threads) =>
    [
        .. PrefixArguments, .. (Device is null ? (string[])[] : ["--device", Device]), "--threads", threads.ToString(CultureInfo.InvariantCulture),
        CommandName, "--out", outDir, "--variant", variant, "--seed", seed.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>A process start description for one run with stdout and stderr redirected.</summary>
    public ProcessStartInfo StartInfo(string outDir, string variant, int seed, int threads)
    {
        var info = new ProcessStartInfo(FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments(outDir, variant, seed, threads))
            info.ArgumentList.Add(argument);
        return info;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, name))
        .FirstOrDefault(File.Exists);
}
