namespace FrozenLm.Tasks;

/// <summary>
/// A command-line flag declared without a CLI framework: its name (<c>--epochs</c>), help text, value kind and how a
/// value changes the options. Values arrive typed (int, double, bool) or as text; <see cref="Apply"/> converts and
/// throws <see cref="UserInputException"/> naming the flag when a value does not fit.
/// </summary>
public sealed record OptionFlag(string Name, string Description, OptionFlagKind Kind, Func<TrainOptions, object, TrainOptions> Apply)
{
    public static OptionFlag Int(string name, string description, Func<TrainOptions, int, TrainOptions> apply) =>
        new(name, description, OptionFlagKind.Int, (o, v) => apply(o, FlagValues.ToInt(v, name)));

    public static OptionFlag Double(string name, string description, Func<TrainOptions, double, TrainOptions> apply) =>
        new(name, description, OptionFlagKind.Double, (o, v) => apply(o, FlagValues.ToDouble(v, name)));

    public static OptionFlag Bool(string name, string description, Func<TrainOptions, bool, TrainOptions> apply) =>
        new(name, description, OptionFlagKind.Bool, (o, v) => apply(o, FlagValues.ToBool(v, name)));

    /// <summary>A text flag; <paramref name="apply"/> gets the raw value (text, or a typed value given in code).</summary>
    public static OptionFlag Text(string name, string description, Func<TrainOptions, object, TrainOptions> apply) =>
        new(name, description, OptionFlagKind.Text, apply);
}
