namespace FrozenLm.Cli;

/// <summary>A command that holds subcommands (e.g. <c>lm inspect</c>); the app builds and wires each child.</summary>
public interface ICliCommandGroup : ICliCommand
{
    IReadOnlyList<ICliCommand> Children { get; }
}
