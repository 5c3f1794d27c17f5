namespace FrozenLm.LanguageModels.Checkpoints.Gguf;

/// <summary>
/// llama.cpp's converter stores the rows of each q/k head interleaved (row <c>2j + a</c> of a head holds Hugging Face
/// row <c>a * D/2 + j</c>, D the head dim). Without RoPE, attention scores are unchanged by any row permutation applied
/// to q and k alike within each head, so either order gives the same block output; undoing it makes the weights equal
/// the Hugging Face ones.
/// </summary>
public static class GgufRopeOrder
{
    /// <summary>The stored row that holds Hugging Face row <paramref name="row"/> of a tensor of <paramref name="rows"/> rows over <paramref name="heads"/> heads.</summary>
    public static long StoredRow(long row, long rows, int heads)
    {
        var headDim = rows / heads;
        var half = headDim / 2;
        var head = row / headDim;
        var within = row % headDim;
        var a = within / half;
        var j = within % half;
        return head * headDim + 2 * j + a;
    }

    /// <summary>True when <paramref name="rows"/> splits into <paramref name="heads"/> heads of an even dimension.</summary>
    public static bool Applies(long rows, int heads) => heads > 0 && rows % heads == 0 && rows / heads % 2 == 0;
}
