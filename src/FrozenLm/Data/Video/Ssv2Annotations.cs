using FrozenLm.IO;
using System.Text.Json;

namespace FrozenLm.Data.Video;

/// <summary>
/// The label files Something-Something ships. v2 JSON: <c>labels.json</c> maps a class name to its index (as a
/// string), a split file is an array of <c>{"id", "template", ...}</c> whose template with the brackets removed
/// (<c>"Holding [something]"</c> -> <c>"Holding something"</c>) is the class name. CSV (v1 style): a labels file with
/// one class name per line (index = line), split files with <c>id;class name</c> per line.
/// </summary>
public static class Ssv2Annotations
{
    /// <summary>Class names in index order from a v2 <c>labels.json</c>.</summary>
    public static List<string> ReadJsonLabels(string path)
    {
        var map = Parse<Dictionary<string, string>>(path, "an object of \"class name\": \"index\" pairs");
        var names = new string[map.Count];
        foreach (var (name, value) in map)
        {
            if (!int.TryParse(value, out var index) || index < 0 || index >= names.Length || names[index] is not null)
                throw new UserInputException(path, $"class '{name}' has index '{value}', not a unique index in 0..{names.Length - 1}");
            names[index] = name;
        }
        return RequireDistinct(path, [.. names]);
    }

    /// <summary>(clip id, label) of a v2 split file, the label looked up from the template.</summary>
    public static List<(string Id, int Label)> ReadJsonSplit(string path, IReadOnlyList<string> classes)
    {
        var lookup = Lookup(classes);
        var items = Parse<List<Ssv2Item>>(path, "an array of {\"id\", \"template\"} objects");
        var result = new List<(string, int)>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item is null || string.IsNullOrWhiteSpace(item.Id) || item.Template is null)
                throw new UserInputException(path, $"entry {i + 1} lacks an \"id\" or a \"template\"");
            var name = item.Template.Replace("[", "").Replace("]", "");
            if (!lookup.TryGetValue(name, out var label))
                throw new UserInputException(path, $"entry {i + 1} (id {item.Id}): class '{name}' is not in the labels file");
            result.Add((item.Id, label));
        }
        return result;
    }

    /// <summary>Class names, one per line, from a labels CSV.</summary>
    public static List<string> ReadCsvLabels(string path)
    {
        var names = File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (names.Count == 0)
            throw new UserInputException(path, "the labels file names no classes");
        return RequireDistinct(path, names);
    }

    /// <summary>(clip id, label) of a CSV split file with <c>id;class name</c> lines.</summary>
    public static List<(string Id, int Label)> ReadCsvSplit(string path, IReadOnlyList<string> classes)
    {
        var lookup = Lookup(classes);
        var result = new List<(string, int)>();
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0)
                continue;
            var cut = line.IndexOf(';');
            if (cut <= 0 || !lookup.TryGetValue(line[(cut + 1)..].Trim(), out var label))
                throw new UserInputException($"{path}:{number}", $"expected 'id;class name' with a class of the labels file, got '{line}'");
            result.Add((line[..cut].Trim(), label));
        }
        if (result.Count == 0)
            throw new UserInputException(path, "the split file lists no clips");
        return result;
    }

    /// <summary>Split files are matched to class names ignoring case, so two names may not differ only in case.</summary>
    private static List<string> RequireDistinct(string path, List<string> names)
    {
        var twice = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new UserInputException(path, $"the labels file names the class '{twice.Key}' twice (names are matched ignoring case)");
        return names;
    }

    private static Dictionary<string, int> Lookup(IReadOnlyList<string> classes) =>
        classes.Select((name, index) => (name, index)).ToDictionary(p => p.name, p => p.index, StringComparer.OrdinalIgnoreCase);

    private static T Parse<T>(string path, string expected)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(Utf8Text.ReadFile(path)) ?? throw new UserInputException(path, $"expected {expected}");
        }
        catch (JsonException e)
        {
            throw new UserInputException(path, $"expected {expected}: {e.Message}");
        }
    }

    private sealed record Ssv2Item(
        [property: System.Text.Json.Serialization.JsonPropertyName("id")] string? Id,
        [property: System.Text.Json.Serialization.JsonPropertyName("template")] string? Template);
}
