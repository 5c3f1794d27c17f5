namespace FrozenLm.Data.Motion;

/// <summary>
/// One forecasting scene in the internal format shared by the Argoverse reader and the generated roads: its tracks (the
/// target <c>AGENT</c> among them) over <see cref="MotionTiming.TotalSteps"/> steps, or over the 20 history steps only
/// when the scene has no future (a test-split scene), and the lane centrelines near the target.
/// </summary>
public sealed record MotionScene(string Id, string City, IReadOnlyList<MotionTrack> Tracks, IReadOnlyList<MotionLane> Lanes)
{
    /// <summary>The target agent (exactly one per scene; the readers check it).</summary>
    public MotionTrack Agent => Tracks.First(t => t.Type == MotionObjectType.Agent);

    /// <summary>True when the scene holds the 3 s future of the target agent.</summary>
    public bool HasFuture => Agent.Steps >= MotionTiming.TotalSteps;

    /// <summary>The target's frame: origin at its last observed position, x along its heading.</summary>
    public AgentFrame Frame => AgentFrame.Of(Agent);
}
