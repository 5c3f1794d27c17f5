namespace FrozenLm.Data.PointClouds;

/// <summary>A training split and an evaluation split of the same classes, plus where they came from.</summary>
public sealed record PointCloudDataSplits(IPointCloudDataset Train, IPointCloudDataset Test, string Source, string Format);
