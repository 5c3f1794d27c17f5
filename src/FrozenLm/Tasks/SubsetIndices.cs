namespace FrozenLm.Tasks;

/// <summary>The indices of a seeded random subset of a data set, shared by the tasks' <c>--train-limit</c> / <c>--eval-limit</c>.</summary>
public static class SubsetIndices
{
    /// <summary>
    /// <paramref name="limit"/> of <paramref name="count"/> indices drawn with <paramref name="seed"/>, kept in index
    /// order; null (the whole set) when <paramref name="limit"/> is 0 or not smaller than <paramref name="count"/>.
    /// </summary>
    public static int[]? Pick(int count, int limit, int seed)
    {
        if (limit <= 0 || limit >= count)
            return null;
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        var picked = order[..limit];
        Array.Sort(picked);
        return picked;
    }
}
