namespace FrozenLm.Training;

/// <summary>One finished optimizer step: position, running mean training loss, learning rate, throughput (samples/s).</summary>
public sealed record StepProgress(int Epoch, int Epochs, int Batch, int BatchesPerEpoch, long GlobalStep, double Loss,
    double Lr, double SamplesPerSecond, TimeSpan EpochElapsed);
