using System.CommandLine;

namespace FrozenLm.Cli;

/// <summary>One subcommand: builds its System.CommandLine definition and runs it given a context.</summary>
public interface ICliCommand
{
    /// <summary>Creates the command with its options; the app wires the action.</summary>
    Command Build();

    /// <summary>Runs the command; returns the exit code.</summary>
    int Execute(CliContext context);
}
