using FrozenLm.Reports.Statistics;

namespace FrozenLm.Comparison;

/// <summary>
/// One variant over its seeds: final test top-1 (%) per seed, its mean and sample std, the paired difference to
/// the <c>none</c> variant on the same seeds (null for <c>none</c> itself or when it was not run), sizes, speed.
/// </summary>
public sealed record VariantResult(
    string Name,
    IReadOnlyList<int> Seeds,
    IReadOnlyList<double> Top1,
    double Top1Mean,
    double? Top1Std,
    PairedDifference? DeltaVsNone,
    long ParamsTrainable,
    long ParamsFrozen,
    double ImagesPerSecond,
    IReadOnlyList<CurvePoint> Curve);
