namespace FrozenLm.Data.Motion;

/// <summary>
/// The target agent's frame: origin at its last observed position, x axis along its heading (the direction of its
/// displacement over the last 0.5 s of history, or over the whole history when it moved less than 0.5 m in that time).
/// </summary>
public readonly record struct AgentFrame(double OriginX, double OriginY, double Heading)
{
    private const int HeadingWindow = 5;
    private const double MinHeadingDistance = 0.5;

    /// <summary>World -> frame.</summary>
    public (double X, double Y) ToLocal(double x, double y)
    {
        var (dx, dy) = (x - OriginX, y - OriginY);
        var (c, s) = (Math.Cos(Heading), Math.Sin(Heading));
        return (c * dx + s * dy, -s * dx + c * dy);
    }

    /// <summary>Frame -> world.</summary>
    public (double X, double Y) ToWorld(double x, double y)
    {
        var (c, s) = (Math.Cos(Heading), Math.Sin(Heading));
        return (c * x - s * y + OriginX, s * x + c * y + OriginY);
    }

    /// <summary>The frame of <paramref name="agent"/> at <see cref="MotionTiming.LastObserved"/>.</summary>
    public static AgentFrame Of(MotionTrack agent)
    {
        var last = MotionTiming.LastObserved;
        var (x, y) = (agent.X[last], agent.Y[last]);
        var from = last - HeadingWindow;
        var (dx, dy) = (x - agent.X[from], y - agent.Y[from]);
        if (Math.Sqrt(dx * dx + dy * dy) < MinHeadingDistance)
            (dx, dy) = (x - agent.X[0], y - agent.Y[0]);
        var heading = dx == 0 && dy == 0 ? 0 : Math.Atan2(dy, dx);
        return new AgentFrame(x, y, heading);
    }
}
