namespace FrozenLm.LanguageModels.Checkpoints.Pickle;

/// <summary>Meta's original LLaMA layout: a directory with params.json and consolidated.NN.pth shards.</summary>
public sealed class MetaPthFormat : ICheckpointFormat
{
    public string Name => "meta-pth";

    public bool CanOpen(string source) => MetaPthCheckpointReader.CanOpen(source);

    public LmCheckpoint Open(string source) => MetaPthCheckpointReader.Open(source);
}
