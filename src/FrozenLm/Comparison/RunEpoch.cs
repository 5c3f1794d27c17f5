namespace FrozenLm.Comparison;

/// <summary>One line of a run's metrics.jsonl: epoch number (from 1), train loss, test top-1 (%), epoch time (s).</summary>
public sealed record RunEpoch(int Epoch, double TrainLoss, double TestTop1, double Seconds);
