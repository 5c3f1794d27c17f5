using FrozenLm.Tensors;

namespace FrozenLm.LanguageModels;

/// <summary>An opened language-model checkpoint: its config, its tensors under Hugging Face names, and its format.</summary>
public sealed class LmCheckpoint : IDisposable
{
    public required LmConfig Config { get; init; }
    public required ITensorSource Tensors { get; init; }

    /// <summary>"safetensors", "safetensors-sharded", "meta-pth", "onnx" or "gguf".</summary>
    public required string Format { get; init; }

    /// <summary>The path or built-in name the user gave.</summary>
    public required string Source { get; init; }

    /// <summary>The distinct stored tensor types when the format has its own (GGUF's F16, Q4_K, ...); empty otherwise.</summary>
    public IReadOnlyList<string> StoredTypes { get; init; } = [];

    public void Dispose() => Tensors.Dispose();
}
