using FrozenLm.Data.PointClouds;

namespace FrozenLm.Tasks.PointCloud;

/// <summary>
/// The point-cloud task's own settings: the Point-BERT trunk (width, depth, heads, MLP ratio, drop-path), point and
/// group counts, mini-PointNet sizes, label smoothing, ScanObjectNN variant, generated-set size, voting and augmentation.
/// </summary>
public sealed record PointCloudTaskOptions : TaskOptions
{
    public int Dim { get; init; } = 384;
    public int Depth { get; init; } = 12;
    public int Heads { get; init; } = 6;
    public double MlpRatio { get; init; } = 4.0;
    public double DropPath { get; init; }
    public double LabelSmoothing { get; init; }
    public int Points { get; init; } = 1024;
    public int Groups { get; init; } = 64;
    public int GroupSize { get; init; } = 32;
    public int PointNetHidden { get; init; } = 128;
    public int EncoderDims { get; init; } = 256;

    /// <summary>ScanObjectNN variant when the data is ScanObjectNN: obj-bg, obj-only, pb-t50-rs.</summary>
    public string Variant { get; init; } = "pb-t50-rs";

    /// <summary>Size of the generated <c>shapes</c> set (clouds per class and split) and its seed.</summary>
    public int ShapesTrainPerClass { get; init; } = 80;
    public int ShapesTestPerClass { get; init; } = 25;
    public int ShapesSeed { get; init; }

    /// <summary>Points sampled from each .off mesh of a folder data set.</summary>
    public int MeshSamples { get; init; } = 2048;

    /// <summary>Voting test: extra scale-and-translate views per evaluation cloud, logits averaged (0 = off; metric oa_vote).</summary>
    public int Votes { get; init; }

    public PointCloudAugmentOptions Augment { get; init; } = new();
}
