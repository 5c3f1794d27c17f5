namespace FrozenLm.LanguageModels.Checkpoints.Gguf;

/// <summary>
/// One tensor of a GGUF file: its name, type, dims fastest-first as stored (<c>ne0</c> is the row length), and its
/// validated byte range relative to the data area.
/// </summary>
public sealed record GgufTensorInfo(string Name, GgmlType Type, long[] Dims, long Offset, long ByteLength)
{
    public long ElementCount => Dims.Aggregate(1L, (a, b) => a * b);

    /// <summary>The shape in row-major (PyTorch / Hugging Face) order: the dims reversed.</summary>
    public long[] Shape => Dims.Reverse().ToArray();

    /// <summary>Elements per row (<c>ne0</c>); a quantised row is a whole number of blocks.</summary>
    public long RowLength => Dims.Length == 0 ? 1 : Dims[0];
}
