namespace FrozenLm.Comparison;

/// <summary>
/// What a finished run directory says about its run: the primary metric after the last epoch and at the best epoch
/// (display unit), sizes, training throughput (samples/s) and the per-epoch curve.
/// </summary>
public sealed record RunRecord(
    string Variant,
    int Seed,
    double FinalMetric,
    double BestMetric,
    long ParamsTrainable,
    long ParamsFrozen,
    double SamplesPerSecond,
    int Epochs,
    IReadOnlyList<RunEpoch> Curve);
