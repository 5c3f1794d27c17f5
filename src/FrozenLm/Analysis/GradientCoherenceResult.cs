using System.Text.Json.Serialization;

namespace FrozenLm.Analysis;

/// <summary>Pairwise cosine similarity of per-sample gradients: mean, spread and range over all pairs i &lt; j.</summary>
public sealed record GradientCoherenceResult(
    [property: JsonPropertyName("samples")] int Samples,
    [property: JsonPropertyName("parameters")] long Parameters,
    [property: JsonPropertyName("mean_cosine")] double MeanCosine,
    [property: JsonPropertyName("std_cosine")] double StdCosine,
    [property: JsonPropertyName("min_cosine")] double MinCosine,
    [property: JsonPropertyName("max_cosine")] double MaxCosine,
    [property: JsonPropertyName("mean_gradient_norm")] double MeanGradientNorm);
