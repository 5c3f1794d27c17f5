namespace FrozenLm.Comparison;

/// <summary>What a paired difference says once the metric's direction is known.</summary>
public enum DeltaReading
{
    /// <summary>One seed: no interval, nothing can be called.</summary>
    Undecided,

    /// <summary>The 95% interval contains zero.</summary>
    NoDifference,

    /// <summary>The interval excludes zero on the side where the metric improves.</summary>
    Better,

    /// <summary>The interval excludes zero on the side where the metric gets worse.</summary>
    Worse,
}
