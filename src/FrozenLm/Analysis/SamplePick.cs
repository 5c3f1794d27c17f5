namespace FrozenLm.Analysis;

/// <summary>The seeded choice of which samples an explanation looks at.</summary>
public static class SamplePick
{
    /// <summary>A seeded random subset of [0, count) of size min(wanted, count), sorted.</summary>
    public static int[] Pick(int count, int wanted, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        var picked = order[..Math.Min(wanted, count)];
        Array.Sort(picked);
        return picked;
    }
}
