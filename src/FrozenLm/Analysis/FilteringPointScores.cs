using System.Text.Json.Serialization;

namespace FrozenLm.Analysis;

/// <summary>Scores of one capture point's magnitude and frequency maps (null when no image could be scored).</summary>
public sealed record FilteringPointScores(
    [property: JsonPropertyName("magnitude_miou")] double? MagnitudeMiou,
    [property: JsonPropertyName("frequency_miou")] double? FrequencyMiou,
    [property: JsonPropertyName("magnitude_auroc")] double? MagnitudeAuroc,
    [property: JsonPropertyName("frequency_auroc")] double? FrequencyAuroc);
