using System.Globalization;
using FrozenLm.Comparison.Statistics;
using FrozenLm.Tasks;

namespace FrozenLm.Comparison;

/// <summary>
/// The task's primary metric as a comparison shows it: values in the metric's display unit, printed with
/// <see cref="Decimals"/> decimals (enough for three significant digits of the largest value, at least two), and
/// differences read as better or worse by the metric's direction.
/// </summary>
public sealed record ComparedMetric(MetricInfo Info, int Decimals = 2)
{
    private const int MinDecimals = 2;
    private const int MaxDecimals = 6;

    /// <summary>The metric with decimals chosen for <paramref name="values"/> (display units).</summary>
    public static ComparedMetric For(MetricInfo info, IEnumerable<double> values)
    {
        var largest = values.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        var decimals = largest > 0 ? 2 - (int)Math.Floor(Math.Log10(largest)) : MinDecimals;
        return new ComparedMetric(info, Math.Clamp(decimals, MinDecimals, MaxDecimals));
    }

    /// <summary>The metric's short name in reports ("top-1", "OA", "minADE").</summary>
    public string Label => Info.Label;

    /// <summary>The unit of a difference: "points" for a percentage, else the metric's unit ("" when it has none).</summary>
    public string DeltaUnit => Info.Unit == "%" ? "points" : Info.Unit;

    /// <summary>"higher is better" or "lower is better".</summary>
    public string Direction => Info.HigherIsBetter ? "higher is better" : "lower is better";

    /// <summary>A value without unit, e.g. "81.23".</summary>
    public string Number(double value) => value.ToString("F" + Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>A value with its unit, e.g. "81.23 %", "1.42 m", "0.0123".</summary>
    public string WithUnit(double value) => Info.Unit.Length == 0 ? Number(value) : $"{Number(value)} {Info.Unit}";

    /// <summary>A difference with an explicit sign, e.g. "+1.20" or "-0.35".</summary>
    public string Signed(double delta) => (delta >= 0 ? "+" : "") + Number(delta);

    /// <summary>A difference with its unit and the metric, e.g. "+1.20 points top-1", "-0.12 m minADE", "-0.0120 mse".</summary>
    public string Amount(double delta) => DeltaUnit.Length == 0 ? $"{Signed(delta)} {Label}" : $"{Signed(delta)} {DeltaUnit} {Label}";

    /// <summary>"[-0.24, +2.24]".</summary>
    public string Interval(ConfidenceInterval ci) => $"[{Signed(ci.Low)}, {Signed(ci.High)}]";

    /// <summary>Better or worse by the metric's direction when the 95% interval excludes zero.</summary>
    public DeltaReading Read(PairedDifference d) => d.Ci switch
    {
        null => DeltaReading.Undecided,
        { AboveZero: true } => Info.HigherIsBetter ? DeltaReading.Better : DeltaReading.Worse,
        { BelowZero: true } => Info.HigherIsBetter ? DeltaReading.Worse : DeltaReading.Better,
        _ => DeltaReading.NoDifference,
    };
}
