using FrozenLm.Runtime;

namespace FrozenLm.Data.Motion;

/// <summary>Batches of vectorized scenes; with shuffling, the order of an epoch depends on (seed, epoch) alone.</summary>
public sealed class MotionBatchLoader(IReadOnlyList<VectorizedScene> scenes, VectorizerOptions options, int batchSize, bool shuffle,
    bool dropLast, int seed)
{
    public int BatchCount => dropLast ? scenes.Count / batchSize : (scenes.Count + batchSize - 1) / batchSize;

    public IEnumerable<MotionBatch> Epoch(int epoch)
    {
        var order = Enumerable.Range(0, scenes.Count).ToArray();
        if (shuffle)
            new Random(Seeding.Derive(seed, $"order/{epoch}")).Shuffle(order);
        for (var b = 0; b < BatchCount; b++)
        {
            var picked = order.Skip(b * batchSize).Take(batchSize).Select(i => scenes[i]).ToList();
            yield return new MotionBatch(picked, options);
        }
    }
}
