namespace FrozenLm.Data.Sqa3d;

/// <summary>
/// Where the agent of a situation stands and faces, in the scene's normalised frame (z up, the floor in the x-y plane,
/// coordinates in about [-1, 1]): position (<see cref="X"/>, <see cref="Y"/>) and heading <see cref="Yaw"/> in radians,
/// counter-clockwise from +x. SQA3D records the same as a position and a rotation quaternion about z.
/// </summary>
public sealed record AgentPose(double X, double Y, double Yaw)
{
    /// <summary>Components of the situation head's target: x, y, cos yaw, sin yaw.</summary>
    public const int TargetSize = 4;

    /// <summary>The situation head's regression target [x, y, cos yaw, sin yaw].</summary>
    public float[] Target() => [(float)X, (float)Y, (float)Math.Cos(Yaw), (float)Math.Sin(Yaw)];

    /// <summary>The yaw of a rotation quaternion (x, y, z, w) about z (other axes ignored), as SQA3D stores the agent's facing.</summary>
    public static double YawOf(double qx, double qy, double qz, double qw) =>
        Math.Atan2(2 * (qw * qz + qx * qy), 1 - 2 * (qy * qy + qz * qz));
}
