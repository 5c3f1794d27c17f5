namespace FrozenLm.Training;

/// <summary>
/// One line of metrics.jsonl: epoch (1-based), mean training loss, evaluation metrics (fractions), the learning rate of
/// the epoch's last step, training throughput (samples/s), the epoch's wall time in seconds, and the mean and maximum
/// global gradient norm of its steps before clipping (NaN when not recorded).
/// </summary>
public sealed record EpochMetrics(int Epoch, double Loss, double EvalLoss, IReadOnlyDictionary<string, double> Metrics,
    double Lr, double SamplesPerSecond, double Seconds, double GradNorm = double.NaN, double GradNormMax = double.NaN);
