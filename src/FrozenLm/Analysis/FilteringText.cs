using System.Globalization;

namespace FrozenLm.Analysis;

/// <summary>How explain scores are written for people: fractions as "61.2 %", cosines with four decimals.</summary>
public static class FilteringText
{
    public static string Pct(double? fraction) =>
        fraction is { } x ? (100 * x).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "n/a";

    public static string Cosine(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>The one-line summary of a gradient-coherence measurement.</summary>
    public static string CoherenceLine(GradientCoherenceResult c) =>
        $"gradient coherence  mean cosine {Cosine(c.MeanCosine)} (std {Cosine(c.StdCosine)}, range {Cosine(c.MinCosine)}..{Cosine(c.MaxCosine)}) " +
        $"over {c.Samples} samples, {c.Parameters} encoder parameters";
}
