namespace FrozenLm.Data.Video;

/// <summary>The motions of the <c>moving-shapes</c> set, one class each, in label order.</summary>
public enum MovingShapeClass
{
    MoveLeft,
    MoveRight,
    MoveUp,
    MoveDown,
    RotateClockwise,
    RotateAnticlockwise,
    Grow,
    Shrink,
    Bounce,
    PassBehind,
}
