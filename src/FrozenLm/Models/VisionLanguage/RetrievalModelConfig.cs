using FrozenLm.Encoders;

namespace FrozenLm.Models.VisionLanguage;

/// <summary>
/// The shape of the retrieval model: the image ViT (<see cref="Vit"/>, its width the fusion width), the fusion
/// transformer's depth and heads, the text encoder's hidden size, and the width of the contrastive embedding space.
/// </summary>
public sealed record RetrievalModelConfig
{
    public required VitConfig Vit { get; init; }
    public int FusionDepth { get; init; } = 2;
    public int FusionHeads { get; init; } = 4;
    public int TextHidden { get; init; } = 384;
    public int EmbedDim { get; init; } = 128;

    /// <summary>Initial softmax temperature of the contrastive loss (CLIP's 0.07); learned from there.</summary>
    public double InitialTemperature { get; init; } = 0.07;

    /// <summary>Width of the fusion transformer and the LM stage's visual side (the ViT's width).</summary>
    public int Dim => Vit.Dim;

    public void Validate()
    {
        Vit.Validate();
        if (FusionDepth <= 0)
            throw new UserInputException("--fusion-depth", $"must be positive, got {FusionDepth}");
        if (FusionHeads <= 0 || Dim % FusionHeads != 0)
            throw new UserInputException("--fusion-heads", $"{FusionHeads} heads do not divide --dim {Dim}");
        if (TextHidden <= 0)
            throw new UserInputException("--text-model", $"hidden size must be positive, got {TextHidden}");
        if (EmbedDim <= 0)
            throw new UserInputException("--embed-dim", $"must be positive, got {EmbedDim}");
    }
}
