using System.Text.Json;

namespace FrozenLm.IO;

/// <summary>Opens data-set JSON files (annotations, question lists) with one-line errors naming the file.</summary>
public static class JsonFiles
{
    /// <summary>The parsed document of <paramref name="path"/>: missing, invalid UTF-8 or malformed JSON is a <see cref="UserInputException"/>.</summary>
    public static JsonDocument Parse(string path)
    {
        if (!File.Exists(path))
            throw new UserInputException(path, "file not found");
        try
        {
            return JsonDocument.Parse(Utf8Text.ReadFile(path));
        }
        catch (JsonException e)
        {
            throw new UserInputException(path, $"malformed JSON (line {e.LineNumber + 1}): {e.Message.Split('.')[0]}", e);
        }
    }

    /// <summary>The array named <paramref name="name"/> at the top level of <paramref name="root"/>.</summary>
    public static JsonElement TopLevelArray(JsonElement root, string name, string path) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array
            : throw new UserInputException(path, $"has no '{name}' array at the top level");
}
