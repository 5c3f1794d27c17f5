using System.Globalization;

namespace FrozenLm.LanguageModels;

/// <summary>Parses a <c>--layers</c> value such as "31" or "0,2,5" into layer indices.</summary>
public static class LmLayerList
{
    public static IReadOnlyList<int> Parse(string? value, string flag = "--layers")
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new UserInputException(flag, "at least one layer index is required, e.g. 31 or 0,2");
        var result = new List<int>();
        foreach (var part in value.Split(','))
        {
            if (!int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                throw new UserInputException(flag, $"'{part.Trim()}' is not a non-negative layer index");
            result.Add(index);
        }
        return result;
    }
}
