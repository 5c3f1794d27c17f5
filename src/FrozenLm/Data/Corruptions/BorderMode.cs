namespace FrozenLm.Data.Corruptions;

/// <summary>How filters read outside the image: clamp to the edge, half-sample symmetric (dcba|abcd, scipy "reflect"),
/// or whole-sample symmetric (dcb|abcd, OpenCV BORDER_REFLECT_101 / scipy "mirror").</summary>
internal enum BorderMode
{
    Nearest,
    Reflect,
    Reflect101,
}
