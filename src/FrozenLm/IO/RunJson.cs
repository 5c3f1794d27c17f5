using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FrozenLm.IO;

/// <summary>The JSON conventions of run directories: snake_case keys, enum names in lower case, indented.</summary>
public static class RunJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: true);

    /// <summary>The same conventions on one line (metrics.jsonl).</summary>
    public static JsonSerializerOptions Line { get; } = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = indented,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
