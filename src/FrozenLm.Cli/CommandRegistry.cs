using FrozenLm.Cli.Commands;

namespace FrozenLm.Cli;

/// <summary>The one place where subcommands are registered.</summary>
public static class CommandRegistry
{
    public static IReadOnlyList<ICliCommand> All() =>
    [
        new InfoCommand(),
        new LmCommand(),
        new TrainCommand(),
        new EvalCommand(),
        new PredictCommand(),
        new CompareCommand(),
        new CompareRunCommand(),
        new ExplainCommand(),
        new BenchCommand(),
        new ExportCommand(),
    ];
}
