namespace FrozenLm.LanguageModels.Checkpoints.Gguf;

/// <summary>
/// How a family reads GGUF files: the <c>general.architecture</c> values it answers to, its config from the
/// <c>{arch}.*</c> metadata, and the names of one block's tensors (<c>blk.N.attn_q.weight</c> ...) against the block's
/// state-dict keys. A family offers one through <see cref="Families.ILmFamily.Gguf"/>.
/// </summary>
public interface IGgufBinding
{
    /// <summary>The <c>general.architecture</c> values this binding reads ("llama", "qwen2", ...).</summary>
    IReadOnlyList<string> Architectures { get; }

    /// <summary>GGUF tensor names below <c>blk.N.</c> mapped to the block's keys below its layer prefix.</summary>
    IReadOnlyDictionary<string, string> BlockTensors { get; }

    /// <summary>Binds the metadata (and, where the file decides it, which tensors exist) of an opened file.</summary>
    LmConfig Bind(GgufFile file, string architecture);

    /// <summary>
    /// For a block key whose rows llama.cpp's converter interleaved per head for its RoPE layout, the number of heads
    /// to undo that over; null when the tensor is stored in Hugging Face row order.
    /// </summary>
    int? RopePermutedHeads(string blockKey, LmConfig config) => null;

    /// <summary>Undoes a value change the converter made to a tensor (none by default).</summary>
    void Adjust(string blockKey, Span<float> values)
    {
    }
}
