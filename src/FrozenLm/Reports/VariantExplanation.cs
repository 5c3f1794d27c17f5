using System.Text.Json.Serialization;
using FrozenLm.Analysis;

namespace FrozenLm.Reports;

/// <summary>One variant of a comparison explained: each score averaged over its seeds' runs.</summary>
public sealed record VariantExplanation
{
    [JsonPropertyName("variant")] public required string Variant { get; init; }

    /// <summary>The explained runs, relative to the comparison folder.</summary>
    [JsonPropertyName("runs")] public required IReadOnlyList<string> Runs { get; init; }

    [JsonPropertyName("images")] public int Images { get; init; }
    [JsonPropertyName("points")] public Dictionary<string, FilteringPointScores> Points { get; init; } = [];
    [JsonPropertyName("attention_miou")] public Dictionary<string, double?> AttentionMiou { get; init; } = [];
    [JsonPropertyName("attention_auroc")] public Dictionary<string, double?> AttentionAuroc { get; init; } = [];
    [JsonPropertyName("gradient_coherence")] public CoherenceSummary? GradientCoherence { get; init; }

    /// <summary>mIoU of a random map under the same oracle (the chance level), mean over runs.</summary>
    [JsonPropertyName("chance_miou")] public double? ChanceMiou { get; init; }

    /// <summary>Averages the reports of one variant's runs (a score missing from a run is left out of its mean).</summary>
    public static VariantExplanation Average(string variant, IReadOnlyList<string> runs, IReadOnlyList<FilteringReport> reports)
    {
        var pointNames = CapturePoints.Features.Where(p => reports.Any(r => r.Points.ContainsKey(p))).ToList();
        var attention = reports.SelectMany(r => r.AttentionMiou.Keys).Distinct().ToList();
        var coherence = reports.Select(r => r.GradientCoherence).OfType<GradientCoherenceResult>().ToList();
        return new VariantExplanation
        {
            Variant = variant,
            Runs = runs,
            Images = reports.Sum(r => r.Images),
            Points = pointNames.ToDictionary(p => p, p =>
            {
                var scores = reports.Where(r => r.Points.ContainsKey(p)).Select(r => r.Points[p]).ToList();
                return new FilteringPointScores(
                    Mean(scores.Select(s => s.MagnitudeMiou)), Mean(scores.Select(s => s.FrequencyMiou)),
                    Mean(scores.Select(s => s.MagnitudeAuroc)), Mean(scores.Select(s => s.FrequencyAuroc)));
            }),
            ChanceMiou = Mean(reports.Select(r => r.ChanceMiou)),
            AttentionMiou = attention.ToDictionary(a => a, a => Mean(reports.Select(r => r.AttentionMiou.GetValueOrDefault(a)))),
            AttentionAuroc = attention.ToDictionary(a => a, a => Mean(reports.Select(r => r.AttentionAuroc.GetValueOrDefault(a)))),
            GradientCoherence = coherence.Count == 0 ? null : new CoherenceSummary(
                coherence.Count,
                coherence[0].Samples,
                coherence.Average(c => c.MeanCosine),
                coherence.Count < 2 ? null : SampleStd(coherence.Select(c => c.MeanCosine).ToList()),
                coherence.Average(c => c.StdCosine)),
        };
    }

    private static double? Mean(IEnumerable<double?> values)
    {
        var present = values.OfType<double>().ToList();
        return present.Count == 0 ? null : present.Average();
    }

    private static double SampleStd(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}
