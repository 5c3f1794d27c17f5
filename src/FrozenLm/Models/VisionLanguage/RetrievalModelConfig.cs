namespace FrozenLm.Models.VisionLanguage;

/// <summary>
/// The shape of the retrieval model: the shared fusion shape (<see cref="MergedFusionConfig"/>), the width of the
/// contrastive embedding space and its initial temperature.
/// </summary>
public sealed record RetrievalModelConfig : MergedFusionConfig
{
    public int EmbedDim { get; init; } = 128;

    /// <summary>Initial softmax temperature of the contrastive loss (CLIP's 0.07); learned from there.</summary>
    public double InitialTemperature { get; init; } = 0.07;

    public override void Validate()
    {
        base.Validate();
        if (EmbedDim <= 0)
            throw new UserInputException("--embed-dim", $"must be positive, got {EmbedDim}");
    }
}
