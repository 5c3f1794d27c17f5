namespace FrozenLm.Comparison;

/// <summary>
/// Progress of one run after an epoch: train loss, the task's primary test metric (display unit, e.g. % for top-1),
/// throughput (samples/s) and epoch time.
/// </summary>
public sealed record CompareEpoch(int Epoch, int Epochs, double TrainLoss, double TestMetric, double SamplesPerSecond, double Seconds);
