namespace FrozenLm.Comparison;

/// <summary>One epoch of a variant's learning curve over seeds: mean and sample std (null with one seed).</summary>
public sealed record CurvePoint(int Epoch, int Runs, double TestTop1Mean, double? TestTop1Std, double TrainLossMean, double? TrainLossStd);
