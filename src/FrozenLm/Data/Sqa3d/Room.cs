namespace FrozenLm.Data.Sqa3d;

/// <summary>A generated room: its objects (each with a distinct colour-and-shape description) on a floor spanning [-1, 1] in x and y.</summary>
public sealed record Room(IReadOnlyList<RoomObject> Objects)
{
    /// <summary>The agent's frame: for an object, how far ahead (along the heading) and how far to the left it is.</summary>
    public static (double Forward, double Left) Relative(AgentPose pose, RoomObject o)
    {
        var (dx, dy) = (o.X - pose.X, o.Y - pose.Y);
        var (c, s) = (Math.Cos(pose.Yaw), Math.Sin(pose.Yaw));
        return (dx * c + dy * s, -dx * s + dy * c);
    }

    public static double Distance(AgentPose pose, RoomObject o) => Math.Sqrt((o.X - pose.X) * (o.X - pose.X) + (o.Y - pose.Y) * (o.Y - pose.Y));
}
