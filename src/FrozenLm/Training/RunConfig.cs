using FrozenLm.Tasks;
using System.Text.Json;
using System.Text.Json.Nodes;
using FrozenLm.FrozenStage;
using FrozenLm.IO;

namespace FrozenLm.Training;

/// <summary>
/// config.json of a run: the resolved options (everything needed to rebuild the model and repeat the run), what the
/// LM stage loaded (source, layers, checksum), the data actually used, parameter counts and tool versions.
/// </summary>
public sealed record RunConfig
{
    public required TrainOptions Options { get; init; }
    public LmStageInfo? Lm { get; init; }
    public JsonObject Data { get; init; } = [];
    public JsonObject Model { get; init; } = [];
    public JsonObject Params { get; init; } = [];
    public JsonObject Versions { get; init; } = [];

    public void Save(string dir) =>
        AtomicFile.WriteAllText(Path.Combine(dir, RunFiles.Config), JsonSerializer.Serialize(this, RunJson.Options));

    /// <summary>Reads <c>DIR/config.json</c>; a missing or unreadable file is a <see cref="UserInputException"/> on DIR.</summary>
    public static RunConfig Load(string dir)
    {
        var path = Path.Combine(dir, RunFiles.Config);
        if (!Directory.Exists(dir))
            throw new UserInputException(dir, "run directory not found");
        if (!File.Exists(path))
            throw new UserInputException(dir, $"not a run directory (no {RunFiles.Config})");
        try
        {
            return JsonSerializer.Deserialize<RunConfig>(File.ReadAllText(path), RunJson.Options)
                ?? throw new UserInputException(path, "empty config");
        }
        catch (JsonException e)
        {
            throw new UserInputException(path, "unreadable config: " + e.Message, e);
        }
    }
}
