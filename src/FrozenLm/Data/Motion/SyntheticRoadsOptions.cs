namespace FrozenLm.Data.Motion;

/// <summary>Size, seed and measurement noise of the generated <c>synthetic-roads</c> set.</summary>
public sealed record SyntheticRoadsOptions
{
    public int Train { get; init; } = 4000;
    public int Test { get; init; } = 1000;
    public int Seed { get; init; }

    /// <summary>Standard deviation of the Gaussian noise on every observed position, in metres.</summary>
    public double Noise { get; init; } = 0.05;
}
