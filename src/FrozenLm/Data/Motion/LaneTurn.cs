namespace FrozenLm.Data.Motion;

/// <summary>A lane's <c>turn_direction</c> tag in the Argoverse vector map.</summary>
public enum LaneTurn
{
    None,
    Left,
    Right,
}
