using System.Text.Json;
using FrozenLm.IO;

namespace FrozenLm.Comparison;

/// <summary>
/// <c>DIR/compare-grid.json</c>: the settings of a comparison, written before any run is handed to another process
/// (a child of <c>--parallel</c>, a Slurm array task), so that the one-run command needs only DIR, a variant and a seed,
/// and <c>compare --out DIR</c> run again without flags knows the grid.
/// </summary>
public static class CompareGridFile
{
    public const string FileName = "compare-grid.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string PathIn(string outDir) => Path.Combine(outDir, FileName);

    public static bool Exists(string outDir) => File.Exists(PathIn(outDir));

    /// <summary>Writes the settings atomically (temp + rename).</summary>
    public static void Write(string outDir, CompareSettings settings)
    {
        Directory.CreateDirectory(outDir);
        AtomicFile.WriteAllText(PathIn(outDir), JsonSerializer.Serialize(settings, Json) + "\n");
    }

    /// <summary>Reads the settings; throws <see cref="UserInputException"/> naming the file when it is missing or unreadable.</summary>
    public static CompareSettings Read(string outDir)
    {
        var path = PathIn(outDir);
        if (!File.Exists(path))
            throw new UserInputException(path, "does not exist; start the comparison with 'frozenlm compare --out DIR' first");
        try
        {
            var settings = JsonSerializer.Deserialize<CompareSettings>(File.ReadAllText(path))
                           ?? throw new UserInputException(path, "is empty");
            settings.Validate();
            return settings;
        }
        catch (JsonException e)
        {
            throw new UserInputException(path, "is not a readable comparison grid: " + e.Message, e);
        }
    }
}
