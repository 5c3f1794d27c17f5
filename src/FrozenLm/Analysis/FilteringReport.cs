using System.Text.Json;
using System.Text.Json.Serialization;
using FrozenLm.IO;

namespace FrozenLm.Analysis;

/// <summary>
/// Everything <c>filtering.json</c> holds: per capture point the mIoU / AUROC of the magnitude and frequency maps,
/// the same for the CLS attention maps, how the scores were made, and optionally gradient coherence.
/// </summary>
/// <remarks>
/// Point-cloud runs use the same fields with tokens = point groups: the grid is
/// [groups, 1], <see cref="Images"/> counts the clouds that were scored (those with at least one outlier group),
/// <see cref="SkippedImages"/> the explained clouds without one, <see cref="Clouds"/> all explained clouds. Only AUROCs
/// are given (object groups ranked above outlier groups; mIoU and the mask fields are null), and
/// <see cref="GroundTruth"/> says what was scored, or <see cref="Unscored"/> why nothing was.
/// </remarks>
public sealed record FilteringReport
{
    /// <summary>The run's task (its registry name).</summary>
    [JsonPropertyName("task")] public string Task { get; init; } = "";

    [JsonPropertyName("run")] public string Run { get; init; } = "";
    [JsonPropertyName("data")] public string Data { get; init; } = "";
    [JsonPropertyName("images")] public int Images { get; init; }
    [JsonPropertyName("skipped_images")] public int SkippedImages { get; init; }

    /// <summary>Point clouds explained (point-cloud runs only).</summary>
    [JsonPropertyName("clouds")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Clouds { get; init; }

    [JsonPropertyName("grid")] public int[] Grid { get; init; } = [];

    [JsonPropertyName("mask_token_fraction")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MaskTokenFraction { get; init; } = MaskScores.TokenObjectFraction;

    [JsonPropertyName("thresholds")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? Thresholds { get; init; } = MaskScores.Thresholds;

    /// <summary>What a positive ("object") token is, in words (point-cloud runs).</summary>
    [JsonPropertyName("ground_truth")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? GroundTruth { get; init; }

    /// <summary>Why no map could be scored (data without labels for the score); null when scored.</summary>
    [JsonPropertyName("unscored")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Unscored { get; init; }

    /// <summary>AUROC of a map that carries no information (0.5).</summary>
    [JsonPropertyName("chance_auroc")] public double ChanceAuroc { get; init; } = 0.5;

    /// <summary>Capture point name -> scores, in forward order.</summary>
    [JsonPropertyName("points")] public Dictionary<string, FilteringPointScores> Points { get; init; } = [];

    /// <summary>Attention source ("vit", "lm") -> mIoU of its CLS-to-token map.</summary>
    [JsonPropertyName("attention_miou")] public Dictionary<string, double?> AttentionMiou { get; init; } = [];

    [JsonPropertyName("attention_auroc")] public Dictionary<string, double?> AttentionAuroc { get; init; } = [];

    /// <summary>Object-token fraction of the scored images' ground truth (how much of the grid is object).</summary>
    [JsonPropertyName("object_token_fraction")] public double? ObjectTokenFraction { get; init; }

    /// <summary>
    /// mIoU a uniform random map reaches under the same oracle threshold (the chance level: with the best of nine
    /// thresholds a random map already scores about the object fraction, or more).
    /// </summary>
    [JsonPropertyName("chance_miou")] public double? ChanceMiou { get; init; }

    [JsonPropertyName("gradient_coherence")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public GradientCoherenceResult? GradientCoherence { get; init; }

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Writes the report as JSON, atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToJson() + "\n");

    /// <summary>Reads a report written by <see cref="Save"/>.</summary>
    public static FilteringReport Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<FilteringReport>(File.ReadAllText(path), Options)
                   ?? throw new UserInputException(path, "empty filtering report");
        }
        catch (JsonException e)
        {
            throw new UserInputException(path, "not a valid filtering report: " + e.Message, e);
        }
    }
}
