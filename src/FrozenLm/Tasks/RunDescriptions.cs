using System.Text.Json;
using System.Text.Json.Nodes;
using FrozenLm.FrozenStage;
using FrozenLm.IO;

namespace FrozenLm.Tasks;

/// <summary>The <c>data</c> and <c>model</c> sections of config.json in the shape every task writes them; a task adds its own keys.</summary>
public static class RunDescriptions
{
    /// <summary>Source, format, the two splits with their sizes, then <paramref name="extra"/>, then the class names (when any).</summary>
    public static JsonObject Data(string source, string format, (string Name, int Count) train, (string Name, int Count) eval,
        IReadOnlyList<string>? classes, params (string Key, JsonNode? Value)[] extra)
    {
        var node = new JsonObject
        {
            ["source"] = source,
            ["format"] = format,
            ["train"] = train.Name,
            ["train_count"] = train.Count,
            ["eval"] = eval.Name,
            ["eval_count"] = eval.Count,
        };
        foreach (var (key, value) in extra)
            node[key] = value;
        if (classes is not null)
            node["classes"] = new JsonArray([.. classes.Select(c => JsonValue.Create(c))]);
        return node;
    }

    /// <summary>The model's config record as run JSON, with the LM stage position and the token count per sample.</summary>
    public static JsonObject Model<TConfig>(TConfig config, LmStagePosition position, int tokens)
    {
        var node = JsonSerializer.SerializeToNode(config, RunJson.Options)!.AsObject();
        node["lm_position"] = position.ToString().ToLowerInvariant();
        node["tokens"] = tokens;
        return node;
    }
}
