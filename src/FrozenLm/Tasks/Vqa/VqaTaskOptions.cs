using System.Text.Json.Serialization;
using FrozenLm.Layers;
using FrozenLm.Tasks.VisionLanguage;

namespace FrozenLm.Tasks.Vqa;

/// <summary>
/// The <c>vqa</c> task's own settings: the image side (<see cref="Image"/>: the ViT, <c>--init-from</c>), the fusion
/// transformer, the Linear weight init, the answer vocabulary's size and the text side.
/// </summary>
/// <remarks>
/// Runs made before the image side was one record wrote its fields (<c>model</c>, <c>dim</c>, ... <c>init_from</c>) at
/// this record's top level in config.json; the write-only <c>Legacy*</c> properties read them into <see cref="Image"/>.
/// </remarks>
public sealed record VqaTaskOptions : TaskOptions
{
    public ImageSideOptions Image { get; init; } = new();
    public int FusionDepth { get; init; } = 2;
    public int FusionHeads { get; init; } = 4;

    /// <summary>Linear weight init of the ViT blocks, fusion, poolers and heads (not the stage, not the text encoder).</summary>
    public LinearInit WeightInit { get; init; } = LinearInit.TruncNormal;

    /// <summary>At most this many answers (the most frequent training answers); 0 = all.</summary>
    public int MaxAnswers { get; init; } = 3129;
    public TextSideOptions Text { get; init; } = new();

    [JsonInclude, JsonPropertyName("model")]
    private string LegacyModel { init => Image = Image with { Model = value }; }

    [JsonInclude, JsonPropertyName("dim")]
    private int LegacyDim { init => Image = Image with { Dim = value }; }

    [JsonInclude, JsonPropertyName("depth")]
    private int LegacyDepth { init => Image = Image with { Depth = value }; }

    [JsonInclude, JsonPropertyName("heads")]
    private int LegacyHeads { init => Image = Image with { Heads = value }; }

    [JsonInclude, JsonPropertyName("patch")]
    private int LegacyPatch { init => Image = Image with { Patch = value }; }

    [JsonInclude, JsonPropertyName("img_size")]
    private int LegacyImgSize { init => Image = Image with { ImgSize = value }; }

    [JsonInclude, JsonPropertyName("mlp_ratio")]
    private double LegacyMlpRatio { init => Image = Image with { MlpRatio = value }; }

    [JsonInclude, JsonPropertyName("drop_path")]
    private double LegacyDropPath { init => Image = Image with { DropPath = value }; }

    [JsonInclude, JsonPropertyName("init_from")]
    private string? LegacyInitFrom { init => Image = Image with { InitFrom = value }; }
}
