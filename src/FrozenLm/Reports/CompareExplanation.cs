using System.Text.Json.Serialization;

namespace FrozenLm.Reports;

/// <summary>The content of DIR/explain/summary.json: each variant of a comparison explained, averaged over seeds.</summary>
public sealed record CompareExplanation(
    [property: JsonPropertyName("data")] string Data,
    [property: JsonPropertyName("images_per_run")] int ImagesPerRun,
    [property: JsonPropertyName("variants")] IReadOnlyList<VariantExplanation> Variants,
    [property: JsonPropertyName("task")] string Task);
