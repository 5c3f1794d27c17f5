using FrozenLm.Layers;
using FrozenLm.Tasks.VisionLanguage;

namespace FrozenLm.Tasks.Retrieval;

/// <summary>
/// The <c>retrieval</c> task's own settings: the image side (ViT, <c>--init-from</c>), the fusion transformer, the
/// contrastive embedding width, how many contrastive candidates the matching head re-ranks, the image folder of a
/// caption JSON, and the text side.
/// </summary>
public sealed record RetrievalTaskOptions : TaskOptions
{
    public ImageSideOptions Image { get; init; } = new();
    public int FusionDepth { get; init; } = 2;
    public int FusionHeads { get; init; } = 4;

    /// <summary>Linear weight init of the ViT blocks, fusion, projections and matching head (not the stage, not the text encoder).</summary>
    public LinearInit WeightInit { get; init; } = LinearInit.TruncNormal;
    public int EmbedDim { get; init; } = 128;

    /// <summary>Candidates per query (by contrastive similarity) that the matching head re-ranks; 0 = rank by similarity alone.</summary>
    public int RerankK { get; init; } = 16;

    /// <summary>The folder the caption JSON's image paths are relative to (null = the JSON's folder).</summary>
    public string? ImageRoot { get; init; }

    public TextSideOptions Text { get; init; } = new();
}
