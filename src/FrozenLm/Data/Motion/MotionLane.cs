namespace FrozenLm.Data.Motion;

/// <summary>A lane centreline in world coordinates (metres) with the vector map's tags.</summary>
public sealed record MotionLane(string Id, double[] X, double[] Y, LaneTurn Turn, bool IsIntersection, bool HasTrafficControl)
{
    public int Count => X.Length;
}
