using System.Runtime.InteropServices;
using FrozenLm.Data.Augmentation;
using FrozenLm.Runtime;
using TorchSharp;

namespace FrozenLm.Data;

/// <summary>
/// Turns a data set into batches of normalised tensors. Decoding and augmentation run on background workers with a
/// bounded prefetch queue; batches come out in order, and every random draw is keyed by (seed, epoch, batch, sample),
/// so an epoch is identical for any worker count.
/// </summary>
public sealed class ImageBatchLoader : IDisposable
{
    private const int ShuffleKey = -1;
    private const int BatchKey = -1;

    private readonly IImageDataset _dataset;
    private readonly ImageAugmentOptions _options;
    private readonly SampleTransform _transform;
    private readonly List<IDisposable> _runs = [];
    private bool _disposed;

    public ImageBatchLoader(IImageDataset dataset, ImageAugmentOptions options, int batchSize, bool train, int seed,
        int workers = 0, bool dropLast = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(workers);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ImageSize, 1);
        if (dataset.Count == 0)
            throw new ArgumentException($"data set {dataset.Name} is empty");
        TorchRuntime.EnsureLoaded();
        _dataset = dataset;
        _options = train ? options : options.ForEvaluation();
        BatchSize = batchSize;
        Train = train;
        Seed = seed;
        DropLast = dropLast;
        Workers = workers == 0 ? Math.Clamp(Environment.ProcessorCount - 1, 1, 8) : workers;
        PrefetchBatches = Math.Max(4, Workers);
        var (mean, std) = options.Mean.Length == 0 || options.Std.Length == 0
            ? ImageNormalization.Estimate(dataset)
            : (Expand(options.Mean, "mean", dataset.Channels), Expand(options.Std, "std", dataset.Channels));
        if (std.Any(s => !(s > 0)))
            throw new ArgumentException("normalisation std values must be positive");
        Mean = mean;
        Std = std;
        _transform = new SampleTransform(dataset, _options, mean, std);
    }

    public int BatchSize { get; }
    public bool Train { get; }
    public int Seed { get; }
    public bool DropLast { get; }
    public int Workers { get; }
    public int PrefetchBatches { get; }

    /// <summary>The per-channel normalisation in use (given, or estimated from the data set).</summary>
    public float[] Mean { get; }
    public float[] Std { get; }

    public int BatchesPerEpoch => DropLast ? _dataset.Count / BatchSize : (_dataset.Count + BatchSize - 1) / BatchSize;

    /// <summary>Dataset indices in the order epoch <paramref name="epoch"/> visits them (shuffled when training).</summary>
    public int[] EpochOrder(int epoch)
    {
        var order = Enumerable.Range(0, _dataset.Count).ToArray();
        if (Train)
            new SampleRandom(Seed, epoch, ShuffleKey, ShuffleKey).Shuffle(order);
        return order;
    }

    public IEnumerable<ImageBatch> Epoch(int epoch)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Iterate(epoch);
    }

    private IEnumerable<ImageBatch> Iterate(int epoch)
    {
        var order = EpochOrder(epoch);
        var run = new LoaderRun<ImageBatch>(BatchesPerEpoch, PrefetchBatches, () =>
        {
            var workspace = _transform.NewWorkspace();
            return b => Build(order, epoch, b, workspace);
        });
        lock (_runs)
            _runs.Add(run);
        try
        {
            run.Start(Workers);
            for (var b = 0; b < run.Total; b++)
            {
                yield return run.Take(b);
            }
        }
        finally
        {
            run.Dispose();
            lock (_runs)
                _runs.Remove(run);
        }
    }

    private ImageBatch Build(int[] order, int epoch, int batch, SampleTransform.Workspace workspace)
    {
        var start = batch * BatchSize;
        var count = Math.Min(BatchSize, order.Length - start);
        var indices = order.AsSpan(start, count).ToArray();
        var length = _transform.OutputLength;
        var labels = new int[count];
        var images = torch.empty([count, _transform.Channels, _transform.Size, _transform.Size], torch.ScalarType.Float32);
        try
        {
            var pixels = MemoryMarshal.Cast<byte, float>(images.bytes);
            for (var i = 0; i < count; i++)
            {
                var rng = Train ? new SampleRandom(Seed, epoch, batch, i) : null;
                _transform.Run(indices[i], rng, pixels.Slice(i * length, length), workspace);
                labels[i] = _dataset.GetLabel(indices[i]);
            }
            var classes = _dataset.ClassNames.Count;
            var soft = Train
                ? BatchMixer.Apply(pixels, count, _transform.Channels, _transform.Size, labels, classes, _options,
                    new SampleRandom(Seed, epoch, batch, BatchKey), out _)
                : null;
            var labelTensor = torch.tensor(labels.Select(l => (long)l).ToArray(), [count]);
            var softTensor = soft is null ? null : torch.tensor(soft, [count, classes]);
            return new ImageBatch(images, labelTensor, softTensor, indices);
        }
        catch
        {
            images.Dispose();
            throw;
        }
    }

    private static float[] Expand(float[] values, string what, int channels)
    {
        if (values.Length == channels)
            return values.ToArray();
        if (values.Length == 1)
            return Enumerable.Repeat(values[0], channels).ToArray();
        throw new ArgumentException($"normalisation {what} has {values.Length} values for {channels} channels");
    }

    public void Dispose()
    {
        _disposed = true;
        IDisposable[] runs;
        lock (_runs)
            runs = _runs.ToArray();
        foreach (var run in runs)
            run.Dispose();
    }
}
