namespace FrozenLm.Tasks;

/// <summary>The values of a run command's task-declared flags (<see cref="TaskCommandFlag"/>), by flag name.</summary>
public sealed class TaskCommandValues
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _values;

    public TaskCommandValues(IReadOnlyDictionary<string, IReadOnlyList<string>>? values = null) =>
        _values = values ?? new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>No task flags given.</summary>
    public static TaskCommandValues None { get; } = new();

    /// <summary>The names of the flags given.</summary>
    public IEnumerable<string> Names => _values.Keys;

    public bool Has(string name) => _values.TryGetValue(name, out var v) && v.Count > 0;

    /// <summary>The value of a single-valued flag, or null when it was not given.</summary>
    public string? Single(string name) => _values.TryGetValue(name, out var v) && v.Count > 0 ? v[^1] : null;

    /// <summary>Every value of a flag, in the order given (empty when it was not given).</summary>
    public IReadOnlyList<string> Many(string name) => _values.TryGetValue(name, out var v) ? v : [];

    /// <summary>The value of a flag the command needs; a <see cref="UserInputException"/> naming the flag when it is missing.</summary>
    public string Require(string name, string what) =>
        Single(name) ?? throw new UserInputException(name, $"missing: give {what}");

    /// <summary>
    /// Throws a <see cref="UserInputException"/> on the first given flag that <paramref name="declared"/> does not name, or
    /// that it declares single-valued but that came with several values.
    /// </summary>
    public void CheckDeclared(IReadOnlyList<TaskCommandFlag> declared, string task, string command)
    {
        foreach (var name in Names.Where(n => Has(n)))
        {
            var flag = declared.FirstOrDefault(f => f.Name == name)
                ?? throw new UserInputException(name, $"is not a flag of the '{task}' task's {command}");
            if (!flag.Many && _values[name].Count > 1)
                throw new UserInputException(name,
                    $"takes one value in the '{task}' task's {command}, got {_values[name].Count} ({string.Join(", ", _values[name].Select(v => $"'{v}'"))}); quote a value with spaces");
        }
    }
}
