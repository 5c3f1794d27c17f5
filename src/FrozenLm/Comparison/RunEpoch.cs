namespace FrozenLm.Comparison;

/// <summary>
/// One line of a run's metrics.jsonl: epoch number (from 1), train loss, the primary test metric (display unit),
/// epoch time (s).
/// </summary>
public sealed record RunEpoch(int Epoch, double TrainLoss, double TestMetric, double Seconds);
