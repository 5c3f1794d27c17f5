namespace FrozenLm.LanguageModels.Checkpoints.Gguf;

/// <summary>A GGUF v2/v3 file (llama.cpp's format, full precision or quantised).</summary>
public sealed class GgufFormat : ICheckpointFormat
{
    public string Name => "gguf";

    public bool CanOpen(string source) => GgufCheckpointReader.CanOpen(source);

    public LmCheckpoint Open(string source) => GgufCheckpointReader.Open(source);
}
