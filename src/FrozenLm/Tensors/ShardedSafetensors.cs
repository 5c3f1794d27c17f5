using FrozenLm.IO;
using System.Text.Json;
using TorchSharp;

namespace FrozenLm.Tensors;

/// <summary>
/// A safetensors checkpoint split over shards by a <c>model.safetensors.index.json</c> weight map. Every shard must
/// exist when opened; each shard is opened (and its header validated) only when one of its tensors is first used.
/// </summary>
public sealed class ShardedSafetensors : ITensorSource
{
    private readonly Dictionary<string, string> _weightMap;
    private readonly Dictionary<string, SafetensorsFile> _open = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private ShardedSafetensors(string indexPath, Dictionary<string, string> weightMap)
    {
        Location = indexPath;
        _weightMap = weightMap;
    }

    public string Location { get; }

    public IReadOnlyCollection<string> Names => _weightMap.Keys;

    /// <summary>The shard files the index names, as full paths.</summary>
    public IReadOnlyCollection<string> ShardPaths => _weightMap.Values.Distinct().ToList();

    /// <summary>Reads and validates the index; throws <see cref="UserInputException"/> naming the index or a missing shard.</summary>
    public static ShardedSafetensors Open(string indexPath)
    {
        if (!File.Exists(indexPath))
            throw new UserInputException(indexPath, "no such file or directory");
        var dir = Path.GetDirectoryName(Path.GetFullPath(indexPath))!;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(Utf8Text.ReadFile(indexPath));
            if (doc.RootElement.ValueKind != JsonValueKind.Object ||
                !doc.RootElement.TryGetProperty("weight_map", out var weightMap) || weightMap.ValueKind != JsonValueKind.Object)
                throw new UserInputException(indexPath, "index has no 'weight_map' object");
            foreach (var entry in weightMap.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String)
                    throw new UserInputException(indexPath, $"weight_map entry '{entry.Name}' is not a file name");
                var file = entry.Value.GetString()!;
                if (file.Length == 0 || Path.IsPathRooted(file) || file.Contains("..", StringComparison.Ordinal))
                    throw new UserInputException(indexPath, $"weight_map entry '{entry.Name}' names '{file}', not a file beside the index");
                map[entry.Name] = Path.Combine(dir, file);
            }
        }
        catch (JsonException e)
        {
            throw new UserInputException(indexPath, "index is not well-formed JSON: " + e.Message.ReplaceLineEndings(" "), e);
        }
        foreach (var shard in map.Values.Distinct())
        {
            if (!File.Exists(shard))
                throw new UserInputException(indexPath, $"shard '{Path.GetFileName(shard)}' named by the index does not exist");
        }
        return new ShardedSafetensors(indexPath, map);
    }

    public bool Contains(string name) => _weightMap.ContainsKey(name);

    public TensorInfo Info(string name)
    {
        var (shard, file) = Shard(name);
        if (!shard.Contains(name))
            throw new UserInputException(file, $"tensor '{name}' is listed in the index but missing from this shard");
        return shard.Info(name);
    }

    public torch.Tensor Read(string name)
    {
        var (shard, file) = Shard(name);
        if (!shard.Contains(name))
            throw new UserInputException(file, $"tensor '{name}' is listed in the index but missing from this shard");
        return shard.Read(name);
    }

    public void ReadRaw(string name, Span<byte> destination)
    {
        var (shard, file) = Shard(name);
        if (!shard.Contains(name))
            throw new UserInputException(file, $"tensor '{name}' is listed in the index but missing from this shard");
        shard.ReadRaw(name, destination);
    }

    private (SafetensorsFile Shard, string File) Shard(string name)
    {
        if (!_weightMap.TryGetValue(name, out var file))
            throw new UserInputException(Location, $"no tensor named '{name}'");
        lock (_gate)
        {
            if (!_open.TryGetValue(file, out var shard))
            {
                shard = SafetensorsFile.Open(file);
                _open[file] = shard;
            }
            return (shard, file);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var shard in _open.Values)
                shard.Dispose();
            _open.Clear();
        }
    }
}
