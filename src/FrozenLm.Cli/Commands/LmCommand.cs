using System.CommandLine;

namespace FrozenLm.Cli.Commands;

/// <summary><c>frozenlm lm</c>: the language-model tools (inspect, run, extract, encode-text).</summary>
public sealed class LmCommand : ICliCommandGroup
{
    public IReadOnlyList<ICliCommand> Children { get; } = [new LmInspectCommand(), new LmRunCommand(), new LmExtractCommand(), new LmEncodeTextCommand()];

    public Command Build() => new("lm", "Inspect language-model checkpoints, run their blocks, extract layers, embed text");

    public int Execute(CliContext context)
    {
        context.Out.WriteLine("frozenlm lm: choose a subcommand:");
        foreach (var child in Children)
        {
            var command = child.Build();
            context.Out.WriteLine($"  {command.Name,-10} {command.Description}");
        }
        return CliApp.ExitOk;
    }
}
