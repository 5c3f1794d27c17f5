using FrozenLm.Encoders.PointCloud;
using FrozenLm.Layers;
using FrozenLm.Models.VisionLanguage;

namespace FrozenLm.Models.Sqa3d;

/// <summary>
/// The shape of the situated 3D QA model: the scene encoder (<see cref="Scene"/>: Point-BERT grouping and tokenizer over
/// xyz + rgb points, its blocks, its width the fusion width), the fusion transformer's depth and heads, the text
/// encoder's hidden size, the number of answers, what a scene token stands for (groups or objects, and the object
/// slots), and how Linear weights are initialised.
/// </summary>
public sealed record SceneQaModelConfig : FusionShapeConfig
{
    public SceneQaModelConfig() => WeightInit = LinearInit.Xavier;

    public required PointBertConfig Scene { get; init; }
    public int Answers { get; init; } = 2;

    /// <summary>Point-group tokens or object tokens (the latter need per-point object segments).</summary>
    public SceneTokenKind SceneTokenKind { get; init; } = SceneTokenKind.Groups;

    /// <summary>Object slots per scene with object tokens (segment ids run from 0 to this - 1).</summary>
    public int MaxObjects { get; init; } = 8;

    public override int Dim => Scene.Dim;

    /// <summary>Scene tokens ahead of the text in the merged sequence (CLS + groups, or CLS + object slots).</summary>
    public int SceneTokens => 1 + (SceneTokenKind == SceneTokenKind.Objects ? MaxObjects : Scene.Groups);

    public override void Validate()
    {
        Scene.Validate();
        base.Validate();
        if (Answers < 2)
            throw new UserInputException("answers", $"the answer vocabulary needs at least 2 answers, got {Answers}");
        if (MaxObjects < 1)
            throw new UserInputException("--max-objects", $"must be positive, got {MaxObjects}");
    }
}
