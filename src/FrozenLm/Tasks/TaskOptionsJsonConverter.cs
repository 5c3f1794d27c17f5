using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace FrozenLm.Tasks;

/// <summary>
/// Writes a task's options record as a JSON object led by <c>"task": NAME</c> and reads it back as the record type the
/// registered task of that name declares (<see cref="ITaskDefinition.OptionsType"/>).
/// </summary>
public sealed class TaskOptionsJsonConverter : JsonConverter<TaskOptions>
{
    private const string TaskKey = "task";

    public override TaskOptions Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var node = JsonNode.Parse(ref reader) as JsonObject ?? throw new JsonException("task options must be an object");
        var name = node[TaskKey]?.GetValue<string>() ?? throw new JsonException("task options lack \"task\"");
        var definition = TaskRegistry.Get(name);
        node.Remove(TaskKey);
        return node.Deserialize(definition.OptionsType, options) as TaskOptions
            ?? throw new JsonException($"task options of '{name}' are empty");
    }

    public override void Write(Utf8JsonWriter writer, TaskOptions value, JsonSerializerOptions options)
    {
        var definition = TaskRegistry.ForOptions(value.GetType());
        var fields = JsonSerializer.SerializeToNode(value, value.GetType(), options)!.AsObject();
        writer.WriteStartObject();
        writer.WriteString(TaskKey, definition.Name);
        foreach (var (key, field) in fields)
        {
            writer.WritePropertyName(key);
            if (field is null)
                writer.WriteNullValue();
            else
                field.WriteTo(writer, options);
        }
        writer.WriteEndObject();
    }
}
