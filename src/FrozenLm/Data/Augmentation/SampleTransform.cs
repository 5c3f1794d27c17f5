namespace FrozenLm.Data.Augmentation;

/// <summary>
/// One image's pipeline into a [C, S, S] slot: read, (random resized crop | resize), flip, RandAugment, normalise,
/// random erasing. Evaluation (no generator) only resizes and normalises.
/// </summary>
internal sealed class SampleTransform
{
    private readonly IImageDataset _dataset;
    private readonly ImageAugmentOptions _options;
    private readonly float[] _mean;
    private readonly float[] _invStd;

    public SampleTransform(IImageDataset dataset, ImageAugmentOptions options, float[] mean, float[] std)
    {
        _dataset = dataset;
        _options = options;
        _mean = mean;
        _invStd = std.Select(s => 1f / s).ToArray();
        Channels = dataset.Channels;
        Size = options.ImageSize;
    }

    public int Channels { get; }
    public int Size { get; }
    public int OutputLength => Channels * Size * Size;

    /// <summary>Per-thread buffers, so a worker allocates nothing per image.</summary>
    public sealed class Workspace(int rawLength, int outputLength)
    {
        public float[] Raw { get; } = new float[rawLength];
        public float[] Scratch { get; } = new float[outputLength];
    }

    public Workspace NewWorkspace() => new(_dataset.Channels * _dataset.Height * _dataset.Width, OutputLength);

    /// <summary>Writes the transformed image into <paramref name="output"/>; <paramref name="rng"/> null = evaluation.</summary>
    public void Run(int index, SampleRandom? rng, Span<float> output, Workspace workspace)
    {
        var c = Channels;
        var h = _dataset.Height;
        var w = _dataset.Width;
        var s = Size;
        var raw = workspace.Raw;
        _dataset.ReadImage(index, raw);
        output = output[..OutputLength];
        if (rng is not null && _options.RandomResizedCropMinScale < 1)
        {
            var (top, left, ch, cw) = GeometricOps.SampleCrop(rng, h, w, _options.RandomResizedCropMinScale);
            Resampling.ResizeRegion(raw, c, h, w, top, left, ch, cw, output, s, s);
        }
        else
        {
            Resampling.Resize(raw, c, h, w, output, s, s);
        }
        if (rng is not null)
        {
            if (_options.HorizontalFlip && rng.Chance(0.5))
                GeometricOps.FlipHorizontal(output, c, s, s);
            if (_options.RandAugmentOps > 0)
                RandAugment.Apply(output, workspace.Scratch, c, s, s, _options.RandAugmentOps, _options.RandAugmentMagnitude, _mean, rng);
        }
        var plane = s * s;
        for (var ch = 0; ch < c; ch++)
        {
            var m = _mean[ch];
            var k = _invStd[ch];
            var channel = output.Slice(ch * plane, plane);
            for (var i = 0; i < channel.Length; i++)
                channel[i] = (channel[i] - m) * k;
        }
        if (rng is not null && _options.RandomErasing > 0)
            RandomErasing.Apply(output, c, s, s, _options.RandomErasing, rng);
    }
}
