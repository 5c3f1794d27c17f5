using FrozenLm.Data;
using FrozenLm.Data.Video;

namespace FrozenLm.Tasks.Video;

/// <summary>
/// The video task's own settings: the video ViT (width, depth, heads, MLP ratio, tubelet and patch, position table),
/// drop-path, label smoothing, how clips are sampled and cropped (<see cref="Clip"/>), image-style augmentation applied
/// alike to every frame of a clip (RandAugment, mixup / cutmix, from <see cref="ImageAugmentOptions"/>), and the size
/// of the generated <c>moving-shapes</c> set.
/// </summary>
public sealed record VideoTaskOptions : TaskOptions
{
    public int Dim { get; init; } = 384;
    public int Depth { get; init; } = 12;
    public int Heads { get; init; } = 6;
    public double MlpRatio { get; init; } = 4.0;
    public int Tubelet { get; init; } = 2;
    public int Patch { get; init; } = 16;

    /// <summary>"sinusoid" (VideoMAE's fixed table) or "learned".</summary>
    public string Position { get; init; } = VideoPositions.Sinusoid;
    public double DropPath { get; init; }

    /// <summary>Linear weight init of the ViT blocks: trunc-normal (std 0.02, VideoMAE's) or xavier.</summary>
    public Layers.LinearInit WeightInit { get; init; } = Layers.LinearInit.TruncNormal;
    public double LabelSmoothing { get; init; }
    public VideoClipOptions Clip { get; init; } = new();

    /// <summary>RandAugment ops and magnitude (same ops on every frame of a clip) and mixup / cutmix alphas; the rest unused.</summary>
    public ImageAugmentOptions Augment { get; init; } = new();
    public MovingShapesOptions Shapes { get; init; } = new();
}
