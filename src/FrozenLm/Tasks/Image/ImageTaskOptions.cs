using FrozenLm.Data;

namespace FrozenLm.Tasks.Image;

/// <summary>
/// The image task's own settings: the ViT (a preset named by <see cref="Model"/>, then the explicit sizes; 0 = the
/// preset's), drop-path, label smoothing, and augmentation / normalisation.
/// </summary>
public sealed record ImageTaskOptions : TaskOptions
{
    /// <summary>Encoder preset name: vit-micro, vit-tiny, vit-small, vit-base.</summary>
    public string Model { get; init; } = "vit-micro";
    public int Dim { get; init; }
    public int Depth { get; init; }
    public int Heads { get; init; }
    public int Patch { get; init; }
    public int ImgSize { get; init; }
    public double MlpRatio { get; init; } = 4.0;
    public double DropPath { get; init; }
    public double LabelSmoothing { get; init; }
    public ImageAugmentOptions Augment { get; init; } = new();

    /// <summary>A folder of class folders to evaluate on instead of the run's evaluation split, its folder names mapped
    /// onto the training classes (<c>eval --data</c>); set only when a run is reopened, never saved.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? EvalData { get; init; }
}
