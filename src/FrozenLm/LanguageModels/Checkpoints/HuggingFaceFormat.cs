namespace FrozenLm.LanguageModels.Checkpoints;

/// <summary>A Hugging Face model directory: config.json plus model.safetensors or a sharded index.</summary>
public sealed class HuggingFaceFormat : ICheckpointFormat
{
    public string Name => "huggingface";

    public bool CanOpen(string source) => Directory.Exists(source) && File.Exists(Path.Combine(source, "config.json"));

    public LmCheckpoint Open(string source) => HuggingFaceCheckpoint.Open(source);
}
