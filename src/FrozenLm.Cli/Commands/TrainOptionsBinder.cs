using System.CommandLine;
using System.CommandLine.Parsing;
using FrozenLm.Tasks;

namespace FrozenLm.Cli.Commands;

/// <summary>
/// Binds the training flags the library declares (<see cref="TrainFlags.Shared"/> and every registered task's
/// <see cref="ITaskDefinition.Flags"/>) to System.CommandLine options, and a parse to <see cref="TrainOverrides"/>.
/// Help shows the shared flags and those of the task <c>--task</c> names; a flag of another task is an error.
/// </summary>
public sealed class TrainOptionsBinder
{
    private readonly List<BoundFlag> _flags = [];
    private readonly bool _ownsTaskAndPreset;

    public TrainOptionsBinder()
        : this(new Option<string>("--task")
        {
            Description = $"Task: {string.Join(" | ", TaskRegistry.Names)} (--task T --help lists T's own flags)",
            DefaultValueFactory = _ => TaskRegistry.DefaultTask,
        }, sharedFlags: true)
    {
    }

    private TrainOptionsBinder(Option<string> task, bool sharedFlags)
    {
        Task = task;
        _ownsTaskAndPreset = sharedFlags;
        if (sharedFlags)
            foreach (var flag in TrainFlags.Shared)
                Bind(flag, task: null);
        foreach (var definition in TaskRegistry.Definitions)
            foreach (var flag in definition.Flags)
                Bind(flag, definition.Name);
    }

    /// <summary>
    /// Only the task-declared flags (those <c>train --task T</c> adds for T), with help following <paramref name="task"/>,
    /// an option the host command owns (compare's <c>--task</c>).
    /// </summary>
    public static TrainOptionsBinder TaskFlagsOnly(Option<string> task) => new(task, sharedFlags: false);

    public Option<string> Task { get; }

    public Option<string> Preset { get; } = new("--preset") { Description = "quick | standard | paper (explicit flags override it)", DefaultValueFactory = _ => "quick" };

    public IEnumerable<Option> All => _ownsTaskAndPreset ? [Task, Preset, .. FlagOptions] : FlagOptions;

    /// <summary>The options of the bound flags (without <c>--task</c> and <c>--preset</c>).</summary>
    public IEnumerable<Option> FlagOptions => _flags.Select(f => f.Option);

    /// <summary>Adds every flag to <paramref name="command"/>, and a validator that shows only the chosen task's flags in help.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in All)
            command.Options.Add(option);
        command.Validators.Add(ShowTaskFlags);
    }

    /// <summary>Whether the user gave any flag that changes what is trained (not allowed with --resume).</summary>
    public bool AnyGiven(ParseResult parse) => All.Any(o => parse.GetResult(o) is { Implicit: false });

    public TrainOptions Resolve(ParseResult parse) =>
        TrainOptions.Resolve(parse.GetValue(Task)!, parse.GetValue(Preset)!, Overrides(parse));

    public TrainOverrides Overrides(ParseResult parse) => new()
    {
        Flags = _flags
            .Where(f => parse.GetResult(f.Option) is { Implicit: false })
            .ToDictionary(f => f.Option.Name, f => f.Read(parse)),
    };

    /// <summary>The given flags as invariant text by flag name (what a comparison grid records and its runs re-apply).</summary>
    public SortedDictionary<string, string> Texts(ParseResult parse) => new(_flags
        .Where(f => parse.GetResult(f.Option) is { Implicit: false })
        .ToDictionary(f => f.Option.Name, f => FlagValues.ToText(f.Read(parse) ?? "")), StringComparer.Ordinal);

    private void ShowTaskFlags(CommandResult result)
    {
        var name = result.GetValue(Task);
        var definition = TaskRegistry.Definitions.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
        foreach (var flag in _flags.Where(f => !f.Shared))
        {
            var declared = definition is null ? null : flag.ByTask.GetValueOrDefault(definition.Name);
            flag.Option.Hidden = declared is null;
            if (declared is not null)
                flag.Option.Description = declared.Description;
        }
    }

    private void Bind(OptionFlag flag, string? task)
    {
        var bound = _flags.FirstOrDefault(f => f.Option.Name == flag.Name);
        if (bound is null)
        {
            bound = BoundFlag.Create(flag, shared: task is null);
            _flags.Add(bound);
        }
        else if (bound.Kind != flag.Kind || bound.Shared || task is null)
        {
            throw new InvalidOperationException($"flag {flag.Name} is declared twice with different kinds or scopes");
        }
        if (task is not null)
            bound.ByTask[task] = flag;
    }

    private sealed record BoundFlag(Option Option, OptionFlagKind Kind, bool Shared, Func<ParseResult, object?> Read)
    {
        public Dictionary<string, OptionFlag> ByTask { get; } = new(StringComparer.OrdinalIgnoreCase);

        public static BoundFlag Create(OptionFlag flag, bool shared) => flag.Kind switch
        {
            OptionFlagKind.Int => Make<int?>(flag, shared),
            OptionFlagKind.Double => Make<double?>(flag, shared),
            OptionFlagKind.Bool => Make<bool?>(flag, shared),
            _ => Make<string?>(flag, shared),
        };

        private static BoundFlag Make<T>(OptionFlag flag, bool shared)
        {
            var option = new Option<T>(flag.Name) { Description = flag.Description };
            return new BoundFlag(option, flag.Kind, shared, parse => parse.GetValue(option));
        }
    }
}
