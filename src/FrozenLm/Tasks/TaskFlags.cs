namespace FrozenLm.Tasks;

/// <summary>
/// Declares a task's own flags over its options record <typeparamref name="T"/> (held in <see cref="TrainOptions.TaskOptions"/>):
/// <c>private static readonly TaskFlags&lt;MyOptions&gt; F = new();</c> then <c>F.Int("--dim", ..., (o, v) =&gt; o with { Dim = v })</c>.
/// </summary>
public sealed class TaskFlags<T> where T : TaskOptions
{
    public OptionFlag Int(string name, string description, Func<T, int, T> apply) =>
        OptionFlag.Int(name, description, (o, v) => o.WithTask<T>(t => apply(t, v)));

    public OptionFlag Double(string name, string description, Func<T, double, T> apply) =>
        OptionFlag.Double(name, description, (o, v) => o.WithTask<T>(t => apply(t, v)));

    public OptionFlag Bool(string name, string description, Func<T, bool, T> apply) =>
        OptionFlag.Bool(name, description, (o, v) => o.WithTask<T>(t => apply(t, v)));

    public OptionFlag Text(string name, string description, Func<T, string, T> apply) =>
        OptionFlag.Text(name, description, (o, v) => o.WithTask<T>(t => apply(t, FlagValues.ToText(v))));
}
