using System.CommandLine;
using FrozenLm.Cli.Commands;
using FrozenLm.Tasks;

namespace FrozenLm.Tests.Cli;

/// <summary>A flag declared by several tasks is bound once; any task declaring it repeatable lets one token take several values.</summary>
public sealed class TaskCommandFlagBinderTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Given_a_flag_single_for_one_task_and_many_for_another_When_parsed_Then_it_takes_several_values_per_token(int manyTask)
    {
        var names = TaskRegistry.Definitions.Select(d => d.Name).Take(2).ToList();
        var binder = new TaskCommandFlagBinder(d =>
            names.Contains(d.Name) ? [new TaskCommandFlag("--thing", d.Name, Many: d.Name == names[manyTask])] : []);
        var command = new RootCommand();
        binder.AddTo(command);

        var values = binder.Values(command.Parse(["--thing", "a", "b"]));

        Assert.Equal(["a", "b"], values.Many("--thing"));
        Assert.Single(command.Options, o => o.Name == "--thing");
    }
}
