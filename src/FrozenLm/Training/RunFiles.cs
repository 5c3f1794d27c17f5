namespace FrozenLm.Training;

/// <summary>The file names of a run directory.</summary>
public static class RunFiles
{
    public const string Config = "config.json";
    public const string Metrics = "metrics.jsonl";
    public const string Summary = "summary.json";
    public const string LastWeights = "last.safetensors";
    public const string BestWeights = "best.safetensors";
    public const string TrainState = "train_state.safetensors";
    public const string Curves = "curves.png";

    /// <summary>Deletes the temporary files (<c>.NAME.PID.GUID.tmp</c>) a killed writer left in <paramref name="dir"/>.</summary>
    public static void DeleteLeftoverTemporaries(string dir)
    {
        foreach (var file in Directory.EnumerateFiles(dir, ".*.tmp"))
            File.Delete(file);
    }
}
