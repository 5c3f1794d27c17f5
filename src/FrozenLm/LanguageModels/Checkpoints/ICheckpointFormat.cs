namespace FrozenLm.LanguageModels.Checkpoints;

/// <summary>One way of storing a language model on disk (a Hugging Face directory, a Meta .pth, an ONNX file, ...).</summary>
public interface ICheckpointFormat
{
    /// <summary>Short name shown in errors and <c>lm inspect</c>.</summary>
    string Name { get; }

    /// <summary>Cheap check (file names, magic bytes) whether this format should open <paramref name="source"/>.</summary>
    bool CanOpen(string source);

    /// <summary>Opens and validates the checkpoint; throws <see cref="UserInputException"/> for bad input.</summary>
    LmCheckpoint Open(string source);
}
