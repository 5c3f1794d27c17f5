using FrozenLm.Data.VisionLanguage;
using FrozenLm.Encoders;
using FrozenLm.Layers;
using FrozenLm.Tasks.VisionLanguage;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.Vqa;

/// <summary>
/// The <c>vqa</c> task: options, flags, presets and validation. quick = <c>shapes-vqa</c> with 12000 training and 1200
/// test questions, a 2-block ViT of width 64 on 64 px scenes in 16 px patches (17 tokens, one grid cell per patch) and 2
/// merged-attention fusion blocks, Linear weights Glorot-initialised (at width 64 timm's std 0.02 leaves attention
/// uniform for epochs), the frozen MiniLM text encoder, 8 epochs at lr 2e-3; standard = 12000 / 2400 questions, 64 px scenes, a 6-block ViT of
/// width 192 and 4 fusion blocks, 30 epochs; paper = METER-sized (ViT-B/32 at 384 px, 6 fusion blocks of width 768 with
/// 12 heads, 10 epochs, batch 512), not METER's exact recipe (CLIP and RoBERTa weights are not embedded).
/// </summary>
public sealed class VqaTaskDefinition : ITaskDefinition
{
    public const string TaskName = "vqa";
    public const string Unit = "questions";

    public string Name => TaskName;

    public MetricInfo PrimaryMetric => VqaMetrics.Primary;

    public IReadOnlyList<MetricInfo> Metrics => VqaMetrics.All;

    public string SampleUnit => Unit;

    public string AccuracyName => "VQA acc";

    public string AccuracyDescription => "test VQA accuracy";

    public string ThroughputUnit => "questions/s";

    public Type OptionsType => typeof(VqaTaskOptions);

    private static readonly TaskFlags<VqaTaskOptions> F = new();

    public IReadOnlyList<OptionFlag> Flags { get; } =
    [
        .. ImageSideFlags.For<VqaTaskOptions>(o => o.Image, (o, image) => o with { Image = image }),
        .. FusionFlags.For<VqaTaskOptions>((o, v) => o with { FusionDepth = v }, (o, v) => o with { FusionHeads = v },
            (o, v) => o with { WeightInit = v }, "the ViT blocks, fusion and heads"),
        F.Int("--max-answers", "Answer vocabulary: the most frequent training answers (0 = all)", (o, v) => o with { MaxAnswers = v }),
        .. TextSideFlags.For<VqaTaskOptions>(o => o.Text, (o, t) => o with { Text = t }),
    ];

    public TrainOptions Preset(string preset) => preset.ToLowerInvariant() switch
    {
        "quick" => new TrainOptions
        {
            Task = TaskName, Preset = "quick", Data = ShapesVqaData.Name,
            TrainLimit = 12000, EvalLimit = 1200, Epochs = 8, BatchSize = 64, Lr = 2e-3, MinLr = 1e-5, WarmupEpochs = 1, WeightDecay = 0.05,
            ParamGroups = ParamGroups,
            TaskOptions = new VqaTaskOptions
            {
                Image = new ImageSideOptions { Model = "vit-micro", Dim = 64, Depth = 2, Heads = 4, Patch = 16, ImgSize = 64 },
                FusionDepth = 2, FusionHeads = 4, WeightInit = LinearInit.Xavier,
            },
        },
        "standard" => new TrainOptions
        {
            Task = TaskName, Preset = "standard", Data = ShapesVqaData.Name,
            TrainLimit = ShapesVqaData.DefaultTrainCount, EvalLimit = ShapesVqaData.DefaultEvalCount, Epochs = 30, BatchSize = 128,
            Lr = 1e-3, MinLr = 1e-5, WarmupEpochs = 3, WeightDecay = 0.05, ParamGroups = ParamGroups,
            TaskOptions = new VqaTaskOptions
            {
                Image = new ImageSideOptions { Model = "vit-tiny", Dim = 192, Depth = 6, Heads = 3, Patch = 8, ImgSize = 64 },
                FusionDepth = 4, FusionHeads = 4,
            },
        },
        "paper" => new TrainOptions
        {
            Task = TaskName, Preset = "paper", Data = ShapesVqaData.Name,
            Epochs = 10, BatchSize = 512, Lr = 1e-4, MinLr = 0, WarmupLr = 0, WarmupEpochs = 1, WeightDecay = 0.01, ParamGroups = ParamGroups,
            TaskOptions = new VqaTaskOptions
            {
                Image = new ImageSideOptions { Model = "vit-base", Dim = 768, Depth = 12, Heads = 12, Patch = 32, ImgSize = 384 },
                FusionDepth = 6, FusionHeads = 12,
            },
        },
        _ => throw new UserInputException("--preset", $"unknown preset '{preset}' (known: quick, standard, paper)"),
    };

    /// <summary>The default groups, and a fine-tuned text encoder at <see cref="TextSideOptions.FinetuneLrScale"/> x lr.</summary>
    public static ParameterGroupPolicy ParamGroups { get; } = new()
    {
        Rules =
        [
            new() { Name = "text_encoder", NameContains = ["text_encoder."], Decay = true, LrScale = TextSideOptions.FinetuneLrScale },
            .. ParameterGroupPolicy.Default.Rules,
        ],
    };

    public void Validate(TrainOptions o)
    {
        TrainOptionsChecks.ValidateRecipe(o);
        var vqa = o.TaskOptionsAs<VqaTaskOptions>();
        vqa.Text.Validate();
        vqa.Image.Validate();
        FusionFlags.Validate(vqa.FusionDepth, vqa.FusionHeads, vqa.Image.InitFrom is null ? vqa.Image.ToVitConfig().Dim : null);
        if (vqa.MaxAnswers < 0)
            throw new UserInputException("--max-answers", $"must be 0 (all) or positive, got {vqa.MaxAnswers}");
    }

    public ITrainingTask Create(TrainOptions options, Device device, string? expectedLmChecksum) =>
        new VqaTask(options, device, expectedLmChecksum);

    public ITaskEvaluator? Evaluator { get; } = new VqaEvaluator();
    public ITaskPredictor? Predictor { get; } = new VqaPredictor();
    public ITaskExplainer? Explainer { get; } = new VqaExplainer();
}
