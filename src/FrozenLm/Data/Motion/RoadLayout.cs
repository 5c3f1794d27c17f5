namespace FrozenLm.Data.Motion;

/// <summary>
/// A generated road layout in its own frame (the target drives north along x = 1.75 towards the decision point
/// (1.75, -7)): its lane centrelines with their tags, the routes the target may take from there, and other lanes'
/// paths for the other agents.
/// </summary>
public sealed record RoadLayout(
    RoadLayoutKind Kind,
    IReadOnlyList<(RoadPath Path, LaneTurn Turn, bool Intersection)> Lanes,
    IReadOnlyList<RoadPath> Routes)
{
    /// <summary>Where the routes part (or the road starts to curve / the lane change starts).</summary>
    public const double DecisionX = 1.75;
    public const double DecisionY = -7;
}
