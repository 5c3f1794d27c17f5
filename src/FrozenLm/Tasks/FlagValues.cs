using System.Globalization;
using FrozenLm.FrozenStage;

namespace FrozenLm.Tasks;

/// <summary>Converts flag values (typed, or text from a command line) to what the options hold, naming the flag on failure.</summary>
public static class FlagValues
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int ToInt(object value, string flag) => value switch
    {
        int i => i,
        string s when int.TryParse(s, NumberStyles.Integer, Inv, out var i) => i,
        IConvertible c when value is not string && value is not bool => Convert.ToInt32(c, Inv),
        _ => throw new UserInputException(flag, $"'{value}' is not an integer"),
    };

    public static double ToDouble(object value, string flag) => value switch
    {
        double d => d,
        string s when double.TryParse(s, NumberStyles.Float, Inv, out var d) => d,
        IConvertible c when value is not string && value is not bool => Convert.ToDouble(c, Inv),
        _ => throw new UserInputException(flag, $"'{value}' is not a number"),
    };

    public static bool ToBool(object value, string flag) => value switch
    {
        bool b => b,
        string s when s.ToLowerInvariant() is "true" or "on" or "yes" => true,
        string s when s.ToLowerInvariant() is "false" or "off" or "no" => false,
        _ => throw new UserInputException(flag, $"'{value}' is not one of true, false"),
    };

    public static string ToText(object value) => Convert.ToString(value, Inv) ?? "";

    public static T ToEnum<T>(object value, string flag) where T : struct, Enum
    {
        if (value is T typed)
            return typed;
        var text = ToText(value);
        return Enum.TryParse<T>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(text, out _)
            ? parsed
            : throw new UserInputException(flag,
                $"'{text}' is not one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");
    }

    /// <summary>The LM-stage mode a flag value names (<c>frozen</c>, <c>mlp</c>, ...).</summary>
    public static LmStageMode ToLmMode(object value, string flag) => value as LmStageMode ?? LmStageMode.Parse(ToText(value), flag);

    /// <summary>Layer indices from a list or from text like <c>4,5</c> (every index a non-negative integer).</summary>
    public static int[] ToLayers(object value, string flag)
    {
        if (value is IEnumerable<int> list)
            return list.Any(i => i < 0) ? throw new UserInputException(flag, "layer indices must be >= 0") : [.. list];
        var parts = ToText(value).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
            throw new UserInputException(flag, "give at least one layer index, e.g. 5 or 4,5");
        return parts.Select(p => int.TryParse(p, NumberStyles.Integer, Inv, out var i) && i >= 0
            ? i
            : throw new UserInputException(flag, $"'{p}' is not a layer index (a non-negative integer)")).ToArray();
    }

    /// <summary><c>auto</c> (null: on for the llama family), <c>on</c> or <c>off</c>, or a bool given in code.</summary>
    public static bool? ToAutoBool(object value, string flag) => value is bool b
        ? b
        : ToText(value).ToLowerInvariant() switch
        {
            "auto" => null,
            "on" or "true" => true,
            "off" or "false" => false,
            var other => throw new UserInputException(flag, $"'{other}' is not one of auto, on, off"),
        };
}
