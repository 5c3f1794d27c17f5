namespace FrozenLm.FrozenStage.Variants;

/// <summary>What a variant builds from: the stage options, the visual token width, the seed of random weights, and the
/// checkpoint checksum a reloaded run must match (null when training).</summary>
public sealed record StageBuildRequest(LmStageOptions Options, int VisualDim, int Seed, string? ExpectedChecksum);
