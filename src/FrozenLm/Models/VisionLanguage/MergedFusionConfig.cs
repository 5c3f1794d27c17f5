using FrozenLm.Encoders;
using FrozenLm.Layers;

namespace FrozenLm.Models.VisionLanguage;

/// <summary>
/// The shape shared by the vision-language models: the image ViT (<see cref="Vit"/>, its width the fusion width), the
/// merged-attention fusion's depth and heads, the text encoder's hidden size, and how Linear weights are initialised.
/// </summary>
public abstract record MergedFusionConfig
{
    public required VitConfig Vit { get; init; }
    public int FusionDepth { get; init; } = 2;
    public int FusionHeads { get; init; } = 4;
    public int TextHidden { get; init; } = 384;

    /// <summary>Linear weight init of the image ViT's blocks, the fusion, the poolers and the heads.</summary>
    public LinearInit WeightInit { get; init; } = LinearInit.TruncNormal;

    /// <summary>Width of the fusion transformer and the LM stage's visual side (the ViT's width).</summary>
    public int Dim => Vit.Dim;

    public virtual void Validate()
    {
        Vit.Validate();
        if (FusionDepth <= 0)
            throw new UserInputException("--fusion-depth", $"must be positive, got {FusionDepth}");
        if (FusionHeads <= 0 || Dim % FusionHeads != 0)
            throw new UserInputException("--fusion-heads", $"{FusionHeads} heads do not divide --dim {Dim}");
        if (TextHidden <= 0)
            throw new UserInputException("--text-model", $"hidden size must be positive, got {TextHidden}");
    }
}
