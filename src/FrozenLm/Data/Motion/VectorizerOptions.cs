namespace FrozenLm.Data.Motion;

/// <summary>
/// How a scene becomes polylines: at most <see cref="MaxAgents"/> other agents (nearest first), at most
/// <see cref="MaxLanes"/> lane segments of up to <see cref="LaneSegmentVectors"/> vectors with a point within
/// <see cref="LaneRadius"/> metres of the target (nearest first). Every scene is padded to the same polyline count.
/// </summary>
public sealed record VectorizerOptions
{
    public int MaxAgents { get; init; } = 8;
    public int MaxLanes { get; init; } = 24;
    public double LaneRadius { get; init; } = 40;
    public int LaneSegmentVectors { get; init; } = 10;

    /// <summary>Polylines per scene: the target, the other agents, the lane segments.</summary>
    public int Polylines => 1 + MaxAgents + MaxLanes;

    /// <summary>Vectors per polyline (the longer of an agent history and a lane segment).</summary>
    public int Vectors => Math.Max(MotionTiming.HistorySteps - 1, LaneSegmentVectors);
}
