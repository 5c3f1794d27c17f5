namespace FrozenLm.LanguageModels.Checkpoints.Onnx;

/// <summary>An exported BERT-style encoder in one <c>.onnx</c> file (weights inside the file).</summary>
public sealed class OnnxFormat : ICheckpointFormat
{
    public string Name => "onnx";

    public bool CanOpen(string source) => File.Exists(source) && source.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    public LmCheckpoint Open(string source) => OnnxCheckpointReader.Open(source);
}
