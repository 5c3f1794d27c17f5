namespace FrozenLm.Data.Motion;

/// <summary>Argoverse's OBJECT_TYPE: the target <c>AGENT</c>, the ego car <c>AV</c>, every other tracked object <c>OTHERS</c>.</summary>
public enum MotionObjectType
{
    Agent,
    Av,
    Others,
}
