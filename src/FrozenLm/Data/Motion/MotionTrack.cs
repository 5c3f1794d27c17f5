namespace FrozenLm.Data.Motion;

/// <summary>
/// One tracked object of a scene in world coordinates (metres), one entry per scene step; <see cref="Observed"/> says
/// at which steps the object was seen (positions elsewhere are unused).
/// </summary>
public sealed record MotionTrack(string Id, MotionObjectType Type, double[] X, double[] Y, bool[] Observed)
{
    public int Steps => X.Length;

    /// <summary>Number of observed steps among the first <paramref name="steps"/>.</summary>
    public int ObservedCount(int steps) => Observed.Take(steps).Count(o => o);
}
