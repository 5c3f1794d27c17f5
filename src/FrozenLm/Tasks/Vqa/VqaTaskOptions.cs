using FrozenLm.Encoders;
using FrozenLm.Layers;
using FrozenLm.Tasks.VisionLanguage;

namespace FrozenLm.Tasks.Vqa;

/// <summary>
/// The <c>vqa</c> task's own settings: the image ViT (a preset named by <see cref="Model"/>, then explicit sizes; 0 =
/// the preset's), the fusion transformer, the answer vocabulary's size, the text side, and an optional image run whose
/// ViT initialises the image encoder (<see cref="InitFrom"/>).
/// </summary>
public sealed record VqaTaskOptions : TaskOptions
{
    public string Model { get; init; } = "vit-micro";
    public int Dim { get; init; }
    public int Depth { get; init; }
    public int Heads { get; init; }
    public int Patch { get; init; }
    public int ImgSize { get; init; }
    public double MlpRatio { get; init; } = 4.0;
    public double DropPath { get; init; }
    public int FusionDepth { get; init; } = 2;
    public int FusionHeads { get; init; } = 4;

    /// <summary>Linear weight init of the ViT blocks, fusion, poolers and heads (not the stage, not the text encoder).</summary>
    public LinearInit WeightInit { get; init; } = LinearInit.TruncNormal;

    /// <summary>At most this many answers (the most frequent training answers); 0 = all.</summary>
    public int MaxAnswers { get; init; } = 3129;
    public TextSideOptions Text { get; init; } = new();

    /// <summary>An image run directory whose ViT initialises the image encoder, or null (from scratch).</summary>
    public string? InitFrom { get; init; }
}
