using System.Text.Json.Serialization;

namespace FrozenLm.Reports;

/// <summary>Gradient coherence of one variant over its seeds: mean of the runs' mean pairwise cosines, and two spreads.</summary>
public sealed record CoherenceSummary(
    [property: JsonPropertyName("seeds")] int Seeds,
    [property: JsonPropertyName("samples")] int Samples,
    [property: JsonPropertyName("mean_cosine")] double MeanCosine,
    [property: JsonPropertyName("seed_std")] double? SeedStd,
    [property: JsonPropertyName("within_run_std")] double WithinRunStd);
