namespace FrozenLm.LanguageModels.Checkpoints;

/// <summary>Opens a language-model checkpoint with the first registered format that recognises it.</summary>
public static class LmCheckpointLoader
{
    public static LmCheckpoint Open(string source)
    {
        if (string.IsNullOrWhiteSpace(source))
            throw new UserInputException("--model", "no model path given");
        foreach (var format in LmCheckpointFormats.All)
        {
            if (format.CanOpen(source))
                return format.Open(source);
        }
        if (!File.Exists(source) && !Directory.Exists(source))
            throw new UserInputException(source, "no such file or directory");
        throw new UserInputException(source,
            "not a recognised language-model checkpoint (formats tried: " +
            string.Join(", ", LmCheckpointFormats.All.Select(f => f.Name)) +
            "); a Hugging Face model is a directory with config.json and model.safetensors or model.safetensors.index.json");
    }
}
