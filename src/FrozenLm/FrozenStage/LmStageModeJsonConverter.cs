using System.Text.Json;
using System.Text.Json.Serialization;
using FrozenLm.FrozenStage.Variants;

namespace FrozenLm.FrozenStage;

/// <summary>Reads and writes an <see cref="LmStageMode"/> as its variant name ("frozen"), as run directories always held it.</summary>
public sealed class LmStageModeJsonConverter : JsonConverter<LmStageMode>
{
    public override LmStageMode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException("an LM stage mode must be a string such as \"frozen\"");
        var name = reader.GetString() ?? "";
        return StageVariants.Find(name)?.Mode
               ?? throw new JsonException($"unknown LM stage mode '{name}'; known: {string.Join(", ", StageVariants.All.Select(v => v.Name))}");
    }

    public override void Write(Utf8JsonWriter writer, LmStageMode value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Name);
}
