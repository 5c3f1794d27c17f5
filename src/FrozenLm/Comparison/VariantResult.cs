using FrozenLm.Comparison.Statistics;

namespace FrozenLm.Comparison;

/// <summary>
/// One row of a comparison (a variant spec) over its seeds: the final primary metric per seed (display unit), its mean
/// and sample std, the paired difference to <c>none</c> on the same seeds (null for <c>none</c> itself or when it was
/// not run), sizes, speed (samples/s) and the learning curve.
/// </summary>
public sealed record VariantResult(
    string Name,
    IReadOnlyList<int> Seeds,
    IReadOnlyList<double> Values,
    double Mean,
    double? Std,
    PairedDifference? DeltaVsNone,
    long ParamsTrainable,
    long ParamsFrozen,
    double SamplesPerSecond,
    IReadOnlyList<CurvePoint> Curve);
