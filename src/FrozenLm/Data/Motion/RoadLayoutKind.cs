namespace FrozenLm.Data.Motion;

/// <summary>The road layouts of the generated <c>synthetic-roads</c> scenes.</summary>
public enum RoadLayoutKind
{
    Straight,
    Curve,
    TJunction,
    Crossroads,
    Merge,
}
