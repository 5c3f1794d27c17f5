namespace FrozenLm.Comparison;

/// <summary>What a finished run directory says about its run: the final numbers and the per-epoch curve.</summary>
public sealed record RunRecord(
    string Variant,
    int Seed,
    double FinalTop1,
    double BestTop1,
    long ParamsTrainable,
    long ParamsFrozen,
    double ImagesPerSecond,
    int Epochs,
    IReadOnlyList<RunEpoch> Curve);
