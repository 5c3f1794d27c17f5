using FrozenLm.Tensors;

namespace FrozenLm.LanguageModels;

/// <summary>An opened language-model checkpoint: its config, its tensors under Hugging Face names, and its format.</summary>
public sealed class LmCheckpoint : IDisposable
{
    public required LmConfig Config { get; init; }
    public required ITensorSource Tensors { get; init; }

    /// <summary>"safetensors", "safetensors-sharded", "meta-pth" or "onnx".</summary>
    public required string Format { get; init; }

    /// <summary>The path or built-in name the user gave.</summary>
    public required string Source { get; init; }

    public void Dispose() => Tensors.Dispose();
}
