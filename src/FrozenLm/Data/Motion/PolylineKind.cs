namespace FrozenLm.Data.Motion;

/// <summary>What a polyline token stands for: the target agent's history, another agent's history, or a lane segment.</summary>
public enum PolylineKind
{
    Target,
    Agent,
    Lane,
}
