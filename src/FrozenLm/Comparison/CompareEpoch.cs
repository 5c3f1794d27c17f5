namespace FrozenLm.Comparison;

/// <summary>Progress of one run after an epoch: train loss, test top-1 (%), throughput and epoch time.</summary>
public sealed record CompareEpoch(int Epoch, int Epochs, double TrainLoss, double TestTop1, double ImagesPerSecond, double Seconds);
