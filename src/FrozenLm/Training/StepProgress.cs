namespace FrozenLm.Training;

/// <summary>One finished optimizer step: position, running mean training loss, learning rate, throughput (samples/s),
/// and the step's own loss and global gradient norm before clipping.</summary>
public sealed record StepProgress(int Epoch, int Epochs, int Batch, int BatchesPerEpoch, long GlobalStep, double Loss,
    double Lr, double SamplesPerSecond, TimeSpan EpochElapsed, double StepLoss = double.NaN, double GradNorm = double.NaN);
