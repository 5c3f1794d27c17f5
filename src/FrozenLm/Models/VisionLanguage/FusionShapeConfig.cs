using FrozenLm.Layers;

namespace FrozenLm.Models.VisionLanguage;

/// <summary>
/// The fusion side shared by the models built on <see cref="MergedAttentionFusion"/>: its depth and heads, the text
/// encoder's hidden size and the Linear init; the width comes from the primary encoder of each model.
/// </summary>
public abstract record FusionShapeConfig
{
    public int FusionDepth { get; init; } = 2;
    public int FusionHeads { get; init; } = 4;
    public int TextHidden { get; init; } = 384;

    /// <summary>Linear weight init of the encoder's blocks, the fusion, the poolers and the heads.</summary>
    public LinearInit WeightInit { get; init; } = LinearInit.TruncNormal;

    /// <summary>Width of the fusion transformer and the LM stage's visual side (the primary encoder's width).</summary>
    public abstract int Dim { get; }

    /// <summary>Checks the fusion fields (after the primary encoder's own checks in an override).</summary>
    public virtual void Validate()
    {
        if (FusionDepth <= 0)
            throw new UserInputException("--fusion-depth", $"must be positive, got {FusionDepth}");
        if (FusionHeads <= 0 || Dim % FusionHeads != 0)
            throw new UserInputException("--fusion-heads", $"{FusionHeads} heads do not divide --dim {Dim}");
        if (TextHidden <= 0)
            throw new UserInputException("--text-model", $"hidden size must be positive, got {TextHidden}");
    }
}
