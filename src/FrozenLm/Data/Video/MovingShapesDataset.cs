using FrozenLm.Data.Augmentation;

namespace FrozenLm.Data.Video;

/// <summary>
/// The generated <c>moving-shapes</c> set: 10 classes defined only by motion (<see cref="MovingShapeClass"/>) of a
/// random asymmetric shape (L, T, arrow, wedge) in a random bright colour (a random hue over a floor of 0.35-0.5),
/// over a dark textured background (base 0.1-0.3 per channel plus three colour gratings) seen by a camera panning
/// 0.1-0.3 px/frame (at 32 px) in a random direction, with a dark vertical occluder bar and two slowly drifting
/// distractor discs as bright as the object. Object and distractors are brighter than the background whatever their
/// hue, so the object's contrast has one sign in every clip (with mid-grey backgrounds a blue object was darker and a
/// yellow one brighter, and a from-scratch ViT stayed at chance). Translations move 0.7-1.0 px/frame, rotations turn 9-13
/// degrees/frame, grow/shrink scale between 0.5-0.65 and 1.15-1.35 geometrically, bounce reverses a translation
/// between 40% and 60% of the clip, pass-behind crosses the occluder horizontally behind it (elsewhere the object is in
/// front). Start positions keep the path in view. Clip i has label i mod 10 (balanced) and is drawn from
/// (seed, split, i) alone, rendered on demand (2 x 2 supersampled); masks are the object's visible coverage.
/// </summary>
public sealed class MovingShapesDataset : IMaskedVideoDataset
{
    public const string DataName = "moving-shapes";

    private static readonly IReadOnlyList<string> Names =
    [
        "move left", "move right", "move up", "move down", "rotate clockwise", "rotate anticlockwise", "grow", "shrink",
        "bounce", "pass behind occluder",
    ];

    private readonly MovingShapesOptions _options;
    private readonly int _splitKey;

    public MovingShapesDataset(MovingShapesOptions options, bool train)
    {
        if (options.Frames < 2) throw new UserInputException("--shapes-frames", $"moving-shapes needs at least 2 frames per clip, got {options.Frames}");
        if (options.Size < 8) throw new UserInputException("--shapes-size", $"moving-shapes frames must be at least 8 px, got {options.Size}");
        options.ValidateDifficulty();
        _options = options;
        _splitKey = train ? 1 : 2;
        Count = (train ? options.TrainPerClass : options.TestPerClass) * Names.Count;
        Name = $"{DataName}/{(train ? "train" : "test")}";
    }

    public string Name { get; }
    public int Count { get; }
    public IReadOnlyList<string> ClassNames => Names;
    public int Frames => _options.Frames;
    public int Size => _options.Size;

    public int GetLabel(int index) => index % Names.Count;

    public string ClipName(int index) => $"{Name}#{index}";

    public string? FrameCountSource => "--shapes-frames";

    /// <summary>The scene of clip <paramref name="index"/> (fixed by seed, split and index).</summary>
    private MovingShapeScene Scene(int index)
    {
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{Name} has {Count} clips");
        var rng = new SampleRandom(_options.Seed, _splitKey, index, 0x5CE7E);
        return new MovingShapeScene((MovingShapeClass)GetLabel(index), _options, rng);
    }

    public VideoFrames Read(int index, Func<int, int[]> pickFrames)
    {
        var scene = Scene(index);
        var frames = pickFrames(_options.Frames);
        var length = VideoFrames.Channels * Size * Size;
        var pixels = new float[frames.Length * length];
        for (var i = 0; i < frames.Length; i++)
            scene.Render(CheckFrame(index, frames[i]), pixels.AsSpan(i * length, length), Span<float>.Empty);
        return new VideoFrames(pixels, frames.Length, Size, Size);
    }

    public float[] ReadMasks(int index, IReadOnlyList<int> frames)
    {
        var scene = Scene(index);
        var plane = Size * Size;
        var rgb = new float[VideoFrames.Channels * plane];
        var masks = new float[frames.Count * plane];
        for (var i = 0; i < frames.Count; i++)
            scene.Render(CheckFrame(index, frames[i]), rgb, masks.AsSpan(i * plane, plane));
        return masks;
    }

    private int CheckFrame(int index, int frame) =>
        (uint)frame < (uint)_options.Frames ? frame : throw new ArgumentOutOfRangeException(nameof(frame), frame, $"{ClipName(index)} has {_options.Frames} frames");
}
