using FrozenLm.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Data.PointClouds;

/// <summary>
/// Batches a <see cref="IPointCloudDataset"/>: each cloud is resampled to a fixed point count (a random subset without
/// replacement, repeating points when the cloud is smaller), augmented, and stacked. Every random choice is seeded by
/// (seed, epoch, sample), so batches are reproducible whatever the thread count.
/// </summary>
public sealed class PointCloudLoader
{
    private readonly IPointCloudDataset _dataset;

    public PointCloudLoader(IPointCloudDataset dataset, int batchSize, int points, bool shuffle, bool dropLast,
        PointCloudAugmentOptions augment, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 1);
        _dataset = dataset;
        BatchSize = batchSize;
        Points = points;
        Shuffle = shuffle;
        DropLast = dropLast;
        Augment = augment;
        Seed = seed;
    }

    public int BatchSize { get; }
    public int Points { get; }
    public bool Shuffle { get; }
    public bool DropLast { get; }
    public PointCloudAugmentOptions Augment { get; }
    public int Seed { get; }

    public int BatchCount => DropLast ? _dataset.Count / BatchSize : (_dataset.Count + BatchSize - 1) / BatchSize;

    /// <summary>The batches of epoch <paramref name="epoch"/>; the caller disposes each batch.</summary>
    public IEnumerable<PointCloudBatch> Epoch(int epoch, Device? device = null)
    {
        var order = Enumerable.Range(0, _dataset.Count).ToArray();
        if (Shuffle)
            new Random(Seeding.Derive(Seed, $"order/{epoch}")).Shuffle(order);
        for (var b = 0; b < BatchCount; b++)
        {
            var indices = order.AsSpan(b * BatchSize, Math.Min(BatchSize, order.Length - b * BatchSize)).ToArray();
            yield return MakeBatch(indices, epoch, device);
        }
    }

    /// <summary>Builds the batch of the given dataset indices as epoch <paramref name="epoch"/> would.</summary>
    public PointCloudBatch MakeBatch(int[] indices, int epoch, Device? device = null)
    {
        var n = Points;
        var data = new float[indices.Length * n * 3];
        var labels = new long[indices.Length];
        Parallel.For(0, indices.Length, j =>
        {
            var index = indices[j];
            var rng = new Random(Seeding.Derive(Seed, $"sample/{epoch}/{index}"));
            var target = data.AsSpan(j * n * 3, n * 3);
            Resample(_dataset.GetPoints(index).Span, target, rng);
            if (Augment.Any)
                PointCloudAugmenter.Apply(target, Augment, rng);
            labels[j] = _dataset.GetLabel(index);
        });
        var points = tensor(data, [indices.Length, n, 3]);
        var labelTensor = tensor(labels);
        if (device is not null && device.type != DeviceType.CPU)
        {
            var (p, l) = (points.to(device), labelTensor.to(device));
            points.Dispose();
            labelTensor.Dispose();
            (points, labelTensor) = (p, l);
        }
        return new PointCloudBatch(points, labelTensor, indices);
    }

    private static void Resample(ReadOnlySpan<float> source, Span<float> target, Random rng)
    {
        var have = source.Length / 3;
        var want = target.Length / 3;
        var pick = Enumerable.Range(0, have).ToArray();
        rng.Shuffle(pick);
        for (var i = 0; i < want; i++)
        {
            var src = pick[i % have];
            source.Slice(3 * src, 3).CopyTo(target.Slice(3 * i, 3));
        }
    }
}
