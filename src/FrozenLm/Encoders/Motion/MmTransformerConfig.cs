namespace FrozenLm.Encoders.Motion;

/// <summary>
/// mmTransformer's own shape on top of the shared motion shape: regions (k-means of the training endpoints),
/// proposals per region (regions x proposals = the learned trajectory queries) and the encoder / decoder layers of each
/// stacked transformer (motion extractor, map aggregator, social constructor).
/// </summary>
public sealed record MmTransformerConfig
{
    public int Regions { get; init; } = 6;
    public int ProposalsPerRegion { get; init; } = 6;
    public int EncoderLayers { get; init; } = 1;
    public int DecoderLayers { get; init; } = 1;

    public int Proposals => Regions * ProposalsPerRegion;

    public void Validate(int modes)
    {
        if (Regions < 1) throw new UserInputException("--regions", $"must be at least 1, got {Regions}");
        if (ProposalsPerRegion < 1) throw new UserInputException("--proposals-per-region", $"must be at least 1, got {ProposalsPerRegion}");
        if (EncoderLayers < 1) throw new UserInputException("--stack-encoder-layers", $"must be at least 1, got {EncoderLayers}");
        if (DecoderLayers < 1) throw new UserInputException("--stack-decoder-layers", $"must be at least 1, got {DecoderLayers}");
        if (Proposals < modes)
            throw new UserInputException("--modes", $"{modes} modes exceed the {Proposals} proposals ({Regions} regions x {ProposalsPerRegion})");
    }
}
