namespace FrozenLm.Data.Motion;

/// <summary>
/// The city vector maps of a <c>--maps</c> folder: every <c>*.xml</c> whose name holds <c>_{CITY}_</c> (Argoverse's
/// <c>pruned_argoverse_PIT_10314_vector_map.xml</c>) belongs to that city; a city's files are read on first use.
/// </summary>
public sealed class VectorMapSet
{
    private readonly Dictionary<string, VectorMap> _maps = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    public VectorMapSet(string folder)
    {
        if (!Directory.Exists(folder))
            throw new UserInputException("--maps", $"'{folder}' is not a folder");
        Folder = folder;
        Files = Directory.GetFiles(folder, "*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        if (Files.Count == 0)
            throw new UserInputException("--maps", $"'{folder}' holds no vector-map .xml files");
    }

    public string Folder { get; }
    public IReadOnlyList<string> Files { get; }

    /// <summary>The map of <paramref name="city"/>; <paramref name="scene"/> names the scene file in the error when there is none.</summary>
    public VectorMap For(string city, string scene)
    {
        lock (_gate)
        {
            if (_maps.TryGetValue(city, out var map))
                return map;
            var files = Files.Where(f => Path.GetFileName(f).Contains($"_{city}_", StringComparison.OrdinalIgnoreCase)).ToList();
            if (files.Count == 0)
                throw new UserInputException(scene, $"no vector map for city '{city}' in {Folder} (expected a file named like pruned_argoverse_{city}_*_vector_map.xml)");
            map = new VectorMap(city, files.SelectMany(ArgoverseMapReader.Read).ToList());
            _maps[city] = map;
            return map;
        }
    }
}
