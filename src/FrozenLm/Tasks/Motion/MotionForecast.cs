namespace FrozenLm.Tasks.Motion;

/// <summary>One scene's forecast in the target's frame, metres: K trajectories [T * 2] and their confidences (softmax, summing to 1).</summary>
public sealed record MotionForecast(IReadOnlyList<float[]> Trajectories, IReadOnlyList<float> Confidences);
