using FrozenLm.Data.VisionLanguage;
using FrozenLm.Tasks.VisionLanguage;
using FrozenLm.Tasks.Vqa;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.Retrieval;

/// <summary>
/// The <c>retrieval</c> task: options, flags, presets and validation. quick = <c>shapes-captions</c> with 1000
/// training scenes and a gallery of 200 test scenes (1000 captions), a 2-block ViT of width 64 on 32 px scenes in 8 px
/// patches and 2 merged-attention fusion blocks, the frozen MiniLM text encoder, 8 epochs at lr 1e-3; standard = 8000 /
/// 1000 scenes, 64 px, a 6-block ViT of width 192 and 4 fusion blocks, 30 epochs; paper = METER-sized (ViT-B/32 at 384
/// px, 6 fusion blocks of width 768), not METER's recipe (its CLIP and RoBERTa weights are not embedded).
/// </summary>
public sealed class RetrievalTaskDefinition : ITaskDefinition
{
    public const string TaskName = "retrieval";
    public const string Unit = "images";

    public string Name => TaskName;

    public MetricInfo PrimaryMetric => RetrievalMetrics.Primary;

    public IReadOnlyList<MetricInfo> Metrics => RetrievalMetrics.All;

    public string SampleUnit => Unit;

    public string AccuracyName => "RSUM";

    public string AccuracyDescription => "test RSUM (R@1 + R@5 + R@10, both directions)";

    public string ThroughputUnit => "img/s";

    public Type OptionsType => typeof(RetrievalTaskOptions);

    private static readonly TaskFlags<RetrievalTaskOptions> F = new();

    public IReadOnlyList<OptionFlag> Flags { get; } =
    [
        .. ImageSideFlags.For<RetrievalTaskOptions>(o => o.Image, (o, i) => o with { Image = i }),
        .. FusionFlags.For<RetrievalTaskOptions>((o, v) => o with { FusionDepth = v }, (o, v) => o with { FusionHeads = v },
            (o, v) => o with { WeightInit = v }, "the ViT blocks, fusion, projections and matching head"),
        F.Int("--embed-dim", "Width of the contrastive image and text embeddings", (o, v) => o with { EmbedDim = v }),
        F.Int("--rerank-k", "Candidates per query (by contrastive similarity) re-ranked by the matching head; 0 = similarity only",
            (o, v) => o with { RerankK = v }),
        F.Text("--image-root", "Folder the caption JSON's image paths are relative to (default: the JSON's folder)",
            (o, v) => o with { ImageRoot = v.Length == 0 ? null : v }),
        .. TextSideFlags.For<RetrievalTaskOptions>(o => o.Text, (o, t) => o with { Text = t }),
    ];

    public TrainOptions Preset(string preset) => preset.ToLowerInvariant() switch
    {
        "quick" => new TrainOptions
        {
            Task = TaskName, Preset = "quick", Data = ShapesCaptionData.Name,
            TrainLimit = 1000, EvalLimit = 200, Epochs = 8, BatchSize = 64, Lr = 1e-3, MinLr = 1e-5, WarmupEpochs = 1, WeightDecay = 0.05,
            ParamGroups = VqaTaskDefinition.ParamGroups,
            TaskOptions = new RetrievalTaskOptions
            {
                Image = new ImageSideOptions { Model = "vit-micro", Dim = 64, Depth = 2, Heads = 4, Patch = 8, ImgSize = 32 },
                FusionDepth = 2, FusionHeads = 4, EmbedDim = 128,
            },
        },
        "standard" => new TrainOptions
        {
            Task = TaskName, Preset = "standard", Data = ShapesCaptionData.Name,
            TrainLimit = RetrievalDataSources.DefaultTrainScenes, EvalLimit = RetrievalDataSources.DefaultEvalScenes, Epochs = 30, BatchSize = 128,
            Lr = 5e-4, MinLr = 1e-5, WarmupEpochs = 3, WeightDecay = 0.05, ParamGroups = VqaTaskDefinition.ParamGroups,
            TaskOptions = new RetrievalTaskOptions
            {
                Image = new ImageSideOptions { Model = "vit-tiny", Dim = 192, Depth = 6, Heads = 3, Patch = 8, ImgSize = 64 },
                FusionDepth = 4, FusionHeads = 4, EmbedDim = 256,
            },
        },
        "paper" => new TrainOptions
        {
            Task = TaskName, Preset = "paper", Data = ShapesCaptionData.Name,
            Epochs = 10, BatchSize = 512, Lr = 1e-4, MinLr = 0, WarmupLr = 0, WarmupEpochs = 1, WeightDecay = 0.01,
            ParamGroups = VqaTaskDefinition.ParamGroups,
            TaskOptions = new RetrievalTaskOptions
            {
                Image = new ImageSideOptions { Model = "vit-base", Dim = 768, Depth = 12, Heads = 12, Patch = 32, ImgSize = 384 },
                FusionDepth = 6, FusionHeads = 12, EmbedDim = 256, RerankK = 128,
            },
        },
        _ => throw new UserInputException("--preset", $"unknown preset '{preset}' (known: quick, standard, paper)"),
    };

    public void Validate(TrainOptions o)
    {
        TrainOptionsChecks.ValidateRecipe(o);
        var r = o.TaskOptionsAs<RetrievalTaskOptions>();
        r.Text.Validate();
        r.Image.Validate();
        FusionFlags.Validate(r.FusionDepth, r.FusionHeads, r.Image.InitFrom is null ? r.Image.ToVitConfig().Dim : null);
        if (r.EmbedDim <= 0)
            throw new UserInputException("--embed-dim", $"must be positive, got {r.EmbedDim}");
        if (r.RerankK < 0)
            throw new UserInputException("--rerank-k", $"must be 0 (similarity only) or positive, got {r.RerankK}");
        if (r.ImageRoot is { } root && !Directory.Exists(root))
            throw new UserInputException("--image-root", $"folder '{root}' not found");
    }

    public ITrainingTask Create(TrainOptions options, Device device, string? expectedLmChecksum) =>
        new RetrievalTask(options, device, expectedLmChecksum);

    public ITaskEvaluator? Evaluator { get; } = new RetrievalEvaluator();
    public ITaskPredictor? Predictor { get; } = new RetrievalPredictor();
}
