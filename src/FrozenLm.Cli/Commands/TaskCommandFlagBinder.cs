using System.CommandLine;
using FrozenLm.Tasks;

namespace FrozenLm.Cli.Commands;

/// <summary>
/// Binds the flags every registered task declares for one run command (predict, eval or explain) to System.CommandLine
/// options, and a parse to <see cref="TaskCommandValues"/>. A flag several tasks declare is bound once and takes several
/// values per token when any of them declares it <see cref="TaskCommandFlag.Many"/>; which task may use which flag, and
/// how many values, is checked against the run's task when the command runs (<see cref="TaskCommandValues.CheckDeclared"/>).
/// </summary>
public sealed class TaskCommandFlagBinder
{
    private readonly List<Option<string[]>> _options = [];

    /// <param name="declared">The flags of one task's hook for this command (empty when the task has no such hook).</param>
    public TaskCommandFlagBinder(Func<ITaskDefinition, IReadOnlyList<TaskCommandFlag>> declared)
    {
        foreach (var definition in TaskRegistry.Definitions)
            foreach (var flag in declared(definition))
            {
                var bound = _options.FirstOrDefault(o => o.Name == flag.Name);
                if (bound is not null)
                {
                    bound.Description += $"; {definition.Name}: {flag.Description}";
                    bound.AllowMultipleArgumentsPerToken |= flag.Many;
                    continue;
                }
                _options.Add(new Option<string[]>(flag.Name)
                {
                    Description = $"{definition.Name}: {flag.Description}",
                    Arity = ArgumentArity.OneOrMore,
                    AllowMultipleArgumentsPerToken = flag.Many,
                });
            }
    }

    public void AddTo(Command command)
    {
        foreach (var option in _options)
            command.Options.Add(option);
    }

    public TaskCommandValues Values(ParseResult parse) => new(_options
        .Where(o => parse.GetResult(o) is { Implicit: false })
        .ToDictionary(o => o.Name, o => (IReadOnlyList<string>)(parse.GetValue(o) ?? [])));
}
