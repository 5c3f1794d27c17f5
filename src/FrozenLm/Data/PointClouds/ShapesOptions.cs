namespace FrozenLm.Data.PointClouds;

/// <summary>Size and seed of the generated <c>shapes</c> data set.</summary>
public sealed record ShapesOptions
{
    public int TrainPerClass { get; init; } = 80;
    public int TestPerClass { get; init; } = 25;

    /// <summary>Points per generated cloud.</summary>
    public int Points { get; init; } = 1024;

    /// <summary>Seed of the data set itself (independent of the training seed, so every run sees the same clouds).</summary>
    public int Seed { get; init; }

    /// <summary>Standard deviation of the gaussian coordinate noise, in unit-sphere units.</summary>
    public double Noise { get; init; } = 0.01;

    /// <summary>Probability a cloud is cut by a random plane (10-30 % of its surface removed).</summary>
    public double OcclusionProbability { get; init; } = 0.5;

    /// <summary>Probability a cloud gets 1-3 % of its points replaced by uniform outliers in [-1, 1]^3.</summary>
    public double OutlierProbability { get; init; } = 0.5;
}
