using FrozenLm.Data.Augmentation;

namespace FrozenLm.Data.Video;

/// <summary>
/// One clip's pipeline into [views, 3, T, S, S] slots: pick frames (segment sampling per temporal view, then the
/// frame-order control), read them once, crop the same square of every frame (random in training, along the long side
/// per spatial view in test), resize, flip and RandAugment (training, when enabled; the same draws for every frame of
/// the clip), normalise.
/// </summary>
internal sealed class ClipTransform
{
    private const int OrderKey = -2;
    private readonly IVideoDataset _dataset;
    private const int AugmentKey = -3;
    private readonly VideoClipOptions _options;
    private readonly ImageAugmentOptions _augment;
    private readonly float[] _invStd;

    public ClipTransform(IVideoDataset dataset, VideoClipOptions options, ImageAugmentOptions augment, bool train, int seed)
    {
        _dataset = dataset;
        _options = options;
        _augment = augment;
        _invStd = options.Std.Select(s => 1f / s).ToArray();
        Train = train;
        Seed = seed;
    }

    public bool Train { get; }
    public int Seed { get; }
    public int Views => Train ? 1 : _options.TestClips * _options.TestCrops;
    public int ViewLength => VideoFrames.Channels * _options.Frames * _options.ImageSize * _options.ImageSize;

    /// <summary>Writes clip <paramref name="index"/>'s views into <paramref name="output"/>; returns the frames of each view.</summary>
    public int[][] Run(int index, SampleRandom? rng, Span<float> output)
    {
        var t = _options.Frames;
        var temporal = Train ? 1 : _options.TestClips;
        var picked = new int[temporal][];
        var frames = _dataset.Read(index, count =>
        {
            if (count < t)
                throw new UserInputException(_dataset.ClipName(index), $"the clip has {count} frames, fewer than --frames {t}"
                    + (_dataset.FrameCountSource is { } source ? $" (its length is {source})" : ""));
            for (var k = 0; k < temporal; k++)
            {
                picked[k] = rng is not null ? FrameSampler.Train(count, t, rng.NextInt) : FrameSampler.Test(count, t, k, temporal);
                if (_options.Shuffled)
                    (rng ?? new SampleRandom(Seed, OrderKey, index, k)).Shuffle(picked[k]);
            }
            return picked.SelectMany(p => p).ToArray();
        });
        var crops = Train ? 1 : _options.TestCrops;
        var views = new int[temporal * crops][];
        var s = _options.ImageSize;
        var plane = s * s;
        var scratch = new float[VideoFrames.Channels * plane];
        var augmentScratch = new float[VideoFrames.Channels * plane];
        var augmentKey = rng is not null && _augment.RandAugmentOps > 0 ? (long)rng.NextULong() : 0;
        var shortSide = Math.Min(frames.Height, frames.Width);
        for (var k = 0; k < temporal; k++)
        {
            for (var m = 0; m < crops; m++)
            {
                double side, top, left;
                var flip = false;
                if (rng is not null)
                {
                    side = shortSide * rng.Uniform(_options.MinCropScale, 1.0);
                    top = rng.Uniform(0, frames.Height - side);
                    left = rng.Uniform(0, frames.Width - side);
                    flip = _options.HorizontalFlip && rng.Chance(0.5);
                }
                else
                {
                    side = shortSide;
                    var along = crops == 1 ? 0.5 : m / (double)(crops - 1);
                    top = (frames.Height - side) * (frames.Height > frames.Width ? along : 0.5);
                    left = (frames.Width - side) * (frames.Width > frames.Height ? along : 0.5);
                }
                var view = output.Slice((k * crops + m) * ViewLength, ViewLength);
                for (var f = 0; f < t; f++)
                {
                    Resampling.ResizeRegion(frames.Frame(k * t + f), VideoFrames.Channels, frames.Height, frames.Width,
                        top, left, side, side, scratch, s, s);
                    if (flip)
                        GeometricOps.FlipHorizontal(scratch, VideoFrames.Channels, s, s);
                    if (augmentKey != 0)
                    {
                        RandAugment.Apply(scratch, augmentScratch, VideoFrames.Channels, s, s, _augment.RandAugmentOps,
                            _augment.RandAugmentMagnitude, _options.Mean, new SampleRandom(Seed, AugmentKey, augmentKey, 0));
                    }
                    for (var c = 0; c < VideoFrames.Channels; c++)
                    {
                        var mean = _options.Mean[c];
                        var inv = _invStd[c];
                        var src = scratch.AsSpan(c * plane, plane);
                        var dst = view.Slice((c * t + f) * plane, plane);
                        for (var i = 0; i < plane; i++)
                            dst[i] = (src[i] - mean) * inv;
                    }
                }
                views[k * crops + m] = picked[k];
            }
        }
        return views;
    }
}
