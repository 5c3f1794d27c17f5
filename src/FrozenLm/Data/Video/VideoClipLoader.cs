using System.Runtime.InteropServices;
using FrozenLm.Data.Augmentation;
using FrozenLm.Runtime;
using TorchSharp;

namespace FrozenLm.Data.Video;

/// <summary>
/// Turns a video data set into batches of normalised clips. Reading (decoding, rendering) and the transform run on
/// background workers (<see cref="LoaderRun{T}"/>) with a bounded prefetch queue, so only a few batches are in memory;
/// batches come out in order and every random draw is keyed by (seed, epoch, batch, sample), so an epoch is identical
/// for any worker count. Training batches get the clip-level augmentation of <see cref="ImageAugmentOptions"/>
/// (RandAugment per clip, mixup / cutmix over the batch with a clip as a [3T, S, S] image).
/// </summary>
public sealed class VideoClipLoader : IDisposable
{
    private const int ShuffleKey = -1;
    private const int BatchKey = -1;

    private readonly IVideoDataset _dataset;
    private readonly ClipTransform _transform;
    private readonly ImageAugmentOptions _augment;
    private readonly List<IDisposable> _runs = [];
    private bool _disposed;

    public VideoClipLoader(IVideoDataset dataset, VideoClipOptions options, int batchSize, bool train, int seed,
        int workers = 0, bool dropLast = false, ImageAugmentOptions? augment = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(workers);
        if (dataset.Count == 0)
            throw new UserInputException(dataset.Name, "the data set has no clips");
        options.Validate();
        TorchRuntime.EnsureLoaded();
        _dataset = dataset;
        if (!options.HasNormalization)
        {
            var (mean, std) = VideoNormalization.Estimate(dataset);
            options = options with { Mean = mean, Std = std };
        }
        Options = options;
        BatchSize = batchSize;
        Train = train;
        Seed = seed;
        DropLast = dropLast && dataset.Count >= batchSize;
        Workers = workers == 0 ? Math.Clamp(Environment.ProcessorCount - 1, 1, 8) : workers;
        _augment = train ? augment ?? new ImageAugmentOptions() : new ImageAugmentOptions();
        _transform = new ClipTransform(dataset, options, _augment, train, seed);
    }

    /// <summary>The options in use, normalisation included (given, or estimated from the data set).</summary>
    public VideoClipOptions Options { get; }
    public int BatchSize { get; }
    public bool Train { get; }
    public int Seed { get; }
    public bool DropLast { get; }
    public int Workers { get; }

    /// <summary>Views per clip: 1 in training, test clips x test crops otherwise.</summary>
    public int Views => _transform.Views;

    public int BatchesPerEpoch => DropLast ? _dataset.Count / BatchSize : (_dataset.Count + BatchSize - 1) / BatchSize;

    /// <summary>Data-set indices in the order epoch <paramref name="epoch"/> visits them (shuffled when training).</summary>
    public int[] EpochOrder(int epoch)
    {
        var order = Enumerable.Range(0, _dataset.Count).ToArray();
        if (Train)
            new SampleRandom(Seed, epoch, ShuffleKey, ShuffleKey).Shuffle(order);
        return order;
    }

    public IEnumerable<VideoBatch> Epoch(int epoch)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Iterate(epoch);
    }

    /// <summary>One batch of the given data-set indices, built on the calling thread (prediction, explain).</summary>
    public VideoBatch MakeBatch(int[] indices, int epoch = 0) => Build(indices, epoch, 0, indices.Length);

    private IEnumerable<VideoBatch> Iterate(int epoch)
    {
        var order = EpochOrder(epoch);
        var run = new LoaderRun<VideoBatch>(BatchesPerEpoch, Math.Max(2, Workers), () => b => Build(order, epoch, b * BatchSize,
            Math.Min(BatchSize, order.Length - b * BatchSize), b));
        lock (_runs)
            _runs.Add(run);
        try
        {
            run.Start(Workers);
            for (var b = 0; b < run.Total; b++)
                yield return run.Take(b);
        }
        finally
        {
            run.Dispose();
            lock (_runs)
                _runs.Remove(run);
        }
    }

    private VideoBatch Build(int[] order, int epoch, int start, int count, int batch = 0)
    {
        var indices = order.AsSpan(start, count).ToArray();
        var views = Views;
        var o = Options;
        var clips = torch.empty([count * views, VideoFrames.Channels, o.Frames, o.ImageSize, o.ImageSize], torch.ScalarType.Float32);
        try
        {
            var values = MemoryMarshal.Cast<byte, float>(clips.bytes);
            var length = views * _transform.ViewLength;
            var frames = new int[count * views][];
            var labels = new long[count];
            for (var i = 0; i < count; i++)
            {
                var rng = Train ? new SampleRandom(Seed, epoch, batch, i) : null;
                var picked = _transform.Run(indices[i], rng, values.Slice(i * length, length));
                picked.CopyTo(frames, i * views);
                labels[i] = _dataset.GetLabel(indices[i]);
            }
            float[]? soft = null;
            if (Train)
            {
                var classes = _dataset.ClassNames.Count;
                soft = BatchMixer.Apply(values, count, VideoFrames.Channels * o.Frames, o.ImageSize,
                    labels.Select(l => (int)l).ToArray(), classes, _augment, new SampleRandom(Seed, epoch, batch, BatchKey), out _);
            }
            var softTensor = soft is null ? null : torch.tensor(soft, [count, _dataset.ClassNames.Count]);
            return new VideoBatch(clips, torch.tensor(labels, [count]), softTensor, views, indices, frames);
        }
        catch
        {
            clips.Dispose();
            throw;
        }
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
