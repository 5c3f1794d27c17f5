using FrozenLm.Encoders.PointCloud;
using FrozenLm.Layers;

namespace FrozenLm.Models.Sqa3d;

/// <summary>
/// The shape of the situated 3D QA model: the scene encoder (<see cref="Scene"/>: Point-BERT grouping and tokenizer over
/// xyz + rgb points, its blocks, its width the fusion width), the fusion transformer's depth and heads, the text
/// encoder's hidden size, the number of answers, and how Linear weights are initialised.
/// </summary>
public sealed record SceneQaModelConfig
{
    public required PointBertConfig Scene { get; init; }
    public int FusionDepth { get; init; } = 2;
    public int FusionHeads { get; init; } = 4;
    public int TextHidden { get; init; } = 384;
    public int Answers { get; init; } = 2;
    public LinearInit WeightInit { get; init; } = LinearInit.Xavier;

    /// <summary>Width of the fusion transformer and the LM stage's visual side (the scene encoder's width).</summary>
    public int Dim => Scene.Dim;

    /// <summary>Scene tokens ahead of the text in the merged sequence (CLS + groups).</summary>
    public int SceneTokens => 1 + Scene.Groups;

    public void Validate()
    {
        Scene.Validate();
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
