namespace FrozenLm.LanguageModels.Checkpoints.Gguf;

/// <summary>A GGUF metadata array: its element type and its values (a typed CLR array; nested arrays as <see cref="GgufArray"/>[]).</summary>
public sealed record GgufArray(GgufValueType ElementType, Array Values)
{
    public int Count => Values.Length;
}
