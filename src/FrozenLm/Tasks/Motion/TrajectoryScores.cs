namespace FrozenLm.Tasks.Motion;

/// <summary>One scene's forecasting errors in metres: minADE, minFDE and whether it is a miss (minFDE above the threshold).</summary>
public readonly record struct TrajectoryScores(double MinAde, double MinFde, bool Miss);
