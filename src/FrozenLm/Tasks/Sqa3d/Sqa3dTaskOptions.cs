using FrozenLm.Layers;
using FrozenLm.Models.Sqa3d;
using FrozenLm.Tasks.VisionLanguage;

namespace FrozenLm.Tasks.Sqa3d;

/// <summary>
/// The <c>3dqa</c> task's own settings: the scene encoder (point-group or object tokens, object slots, width, blocks
/// before fusion, heads, points per scene, groups and group size, mini-PointNet sizes), the fusion transformer, Linear init, the answer vocabulary's size, the
/// situation head's loss weight, the scene-shuffled control, and the text side.
/// </summary>
public sealed record Sqa3dTaskOptions : TaskOptions
{
    /// <summary>One scene token per point group (any data) or per object segment (data with segments).</summary>
    public SceneTokenKind SceneTokens { get; init; } = SceneTokenKind.Groups;

    /// <summary>Object slots per scene with object tokens.</summary>
    public int MaxObjects { get; init; } = 8;

    public int Dim { get; init; } = 64;
    public int SceneDepth { get; init; } = 1;
    public int Heads { get; init; } = 4;
    public double MlpRatio { get; init; } = 4.0;
    public int Points { get; init; } = 1024;
    public int Groups { get; init; } = 64;
    public int GroupSize { get; init; } = 24;
    public int PointNetHidden { get; init; } = 32;
    public int EncoderDims { get; init; } = 128;
    public int FusionDepth { get; init; } = 2;
    public int FusionHeads { get; init; } = 4;
    public LinearInit WeightInit { get; init; } = LinearInit.Xavier;

    /// <summary>At most this many answers (the most frequent training answers); 0 = all.</summary>
    public int MaxAnswers { get; init; }

    /// <summary>Weight of the situation head's mean squared error (agent x, y, cos yaw, sin yaw) in the loss; 0 = off.</summary>
    public double SituationLossWeight { get; init; } = 0.5;

    /// <summary>The scene-shuffled control: every question is paired with another question's scene, in training and evaluation.</summary>
    public bool ShuffleScenes { get; init; }

    public TextSideOptions Text { get; init; } = new();
}
