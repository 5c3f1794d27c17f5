namespace FrozenLm.Comparison;

/// <summary>
/// One epoch of a variant's learning curve over seeds: the primary test metric (display unit) and the train loss,
/// each as mean and sample std (null with one seed).
/// </summary>
public sealed record CurvePoint(int Epoch, int Runs, double TestMetricMean, double? TestMetricStd, double TrainLossMean, double? TrainLossStd);
