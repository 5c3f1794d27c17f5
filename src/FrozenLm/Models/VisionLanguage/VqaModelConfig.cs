using FrozenLm.Encoders;
using FrozenLm.Layers;

namespace FrozenLm.Models.VisionLanguage;

/// <summary>
/// The shape of the VQA model: the image ViT (<see cref="Vit"/>, its width the fusion width), the fusion transformer's
/// depth and heads, the text encoder's hidden size, the number of answers, and how Linear weights are initialised.
/// </summary>
public sealed record VqaModelConfig
{
    public required VitConfig Vit { get; init; }
    public int FusionDepth { get; init; } = 2;
    public int FusionHeads { get; init; } = 4;
    public int TextHidden { get; init; } = 384;
    public int Answers { get; init; } = 2;

    /// <summary>Linear weight init of the image ViT's blocks, the fusion, the poolers and the heads (both models).</summary>
    public LinearInit WeightInit { get; init; } = LinearInit.TruncNormal;

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
        if (Answers < 2)
            throw new UserInputException("answers", $"the answer vocabulary needs at least 2 answers, got {Answers}");
    }
}
