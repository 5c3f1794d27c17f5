namespace FrozenLm.Data;

/// <summary>A training split and an evaluation split of the same classes, plus where they came from.</summary>
public sealed record ImageDataSplits(IImageDataset Train, IImageDataset Test, string Source, string Format);
