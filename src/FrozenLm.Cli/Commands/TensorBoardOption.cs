using System.CommandLine;

namespace FrozenLm.Cli.Commands;

/// <summary>The <c>--tensorboard [DIR]</c> flag of train and compare: absent = no logs; without DIR = the run's or
/// comparison's own <c>tensorboard</c> folder.</summary>
public static class TensorBoardOption
{
    public const string Name = "--tensorboard";

    public static Option<string?> Create(string where) => new(Name)
    {
        Description = $"Write TensorBoard event files (loss, lr, gradient norm per step; metrics, throughput per epoch; mapper weight histograms) ({where})",
        Arity = ArgumentArity.ZeroOrOne,
    };

    /// <summary>The events folder, or null when the flag is absent: DIR (or <paramref name="outDir"/>/tensorboard), then
    /// <paramref name="runName"/> below it when one is given with an explicit DIR.</summary>
    public static string? Resolve(ParseResult parse, Option<string?> option, string outDir, string? runName)
    {
        if (parse.GetResult(option) is not { Implicit: false })
            return null;
        var dir = parse.GetValue(option);
        if (string.IsNullOrWhiteSpace(dir))
            return Path.GetFullPath(Path.Combine(outDir, "tensorboard"));
        if (File.Exists(dir))
            throw new UserInputException(Name, $"'{dir}' is a file; give a folder");
        return Path.GetFullPath(runName is null ? dir : Path.Combine(dir, runName));
    }
}
