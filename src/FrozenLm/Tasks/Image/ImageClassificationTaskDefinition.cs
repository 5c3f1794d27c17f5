using FrozenLm.Encoders;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.Image;

/// <summary>
/// The <c>image</c> task: options, flags, presets and validation. quick = a 4-block ViT of width 96 on 28 px images in
/// 7 px patches (17 tokens), 3 epochs over a seeded 4000-image subset of the training split; standard = a deeper ViT,
/// light augmentation, 30 epochs; paper = the DeiT recipe the paper used (ViT-S, 224 px, patch 16, 300 epochs, batch
/// 1024, lr 5e-4 x 1024/512, RandAugment m9, mixup 0.8, cutmix 1.0, smoothing 0.1, erasing 0.25, drop-path 0.1, 20
/// warm-up epochs, cosine to 1e-5).
/// </summary>
public sealed class ImageClassificationTaskDefinition : ITaskDefinition
{
    public const string TaskName = "image";

    public string Name => TaskName;

    public MetricInfo PrimaryMetric { get; } = new("top1", "top-1", "%", HigherIsBetter: true, DisplayScale: 100, "test top-1 accuracy");

    public IReadOnlyList<MetricInfo> Metrics => [PrimaryMetric, new("top5", "top-5", "%", HigherIsBetter: true, DisplayScale: 100, "test top-5 accuracy")];

    public string SampleUnit => "images";

    public Type OptionsType => typeof(ImageTaskOptions);

    private static readonly TaskFlags<ImageTaskOptions> F = new();

    public IReadOnlyList<OptionFlag> Flags { get; } =
    [
        F.Text("--model", "ViT preset: vit-micro, vit-tiny, vit-small, vit-base (resets the sizes to the preset's)",
            (o, v) => v == o.Model ? o : o with { Model = v, Dim = 0, Depth = 0, Heads = 0 }),
        F.Int("--dim", "ViT width", (o, v) => o with { Dim = v }),
        F.Int("--depth", "ViT blocks", (o, v) => o with { Depth = v }),
        F.Int("--heads", "ViT attention heads", (o, v) => o with { Heads = v }),
        F.Int("--patch", "Patch size in pixels", (o, v) => o with { Patch = v }),
        F.Int("--img-size", "Input size in pixels (images are resized)", (o, v) => o with { ImgSize = v, Augment = o.Augment with { ImageSize = v } }),
        F.Double("--mlp-ratio", "ViT MLP hidden width / width", (o, v) => o with { MlpRatio = v }),
        F.Double("--drop-path", "Stochastic depth rate of the last ViT block (linear over depth)", (o, v) => o with { DropPath = v }),
        F.Double("--label-smoothing", "Label smoothing", (o, v) => o with { LabelSmoothing = v }),
        F.Int("--rand-augment", "RandAugment ops per image (0 = off)", (o, v) => o with { Augment = o.Augment with { RandAugmentOps = v } }),
        F.Int("--rand-augment-m", "RandAugment magnitude (0-10)", (o, v) => o with { Augment = o.Augment with { RandAugmentMagnitude = v } }),
        F.Double("--mixup", "Mixup alpha (0 = off)", (o, v) => o with { Augment = o.Augment with { MixupAlpha = v } }),
        F.Double("--cutmix", "CutMix alpha (0 = off)", (o, v) => o with { Augment = o.Augment with { CutmixAlpha = v } }),
        F.Double("--erasing", "Random erasing probability", (o, v) => o with { Augment = o.Augment with { RandomErasing = v } }),
    ];

    public TrainOptions Preset(string preset) => preset.ToLowerInvariant() switch
    {
        "quick" => new TrainOptions
        {
            Task = TaskName, Preset = "quick", Data = "fashion-mnist-mini",
            TrainLimit = 4000, Epochs = 3, BatchSize = 64, Lr = 1e-3, MinLr = 1e-5, WarmupEpochs = 0.5, WeightDecay = 0.05,
            TaskOptions = new ImageTaskOptions
            {
                Model = "vit-micro", Dim = 96, Depth = 4, Heads = 3, Patch = 7, ImgSize = 28, LabelSmoothing = 0.1,
                Augment = new() { ImageSize = 28 },
            },
        },
        "standard" => new TrainOptions
        {
            Task = TaskName, Preset = "standard", Data = "fashion-mnist-mini",
            Epochs = 30, BatchSize = 128, Lr = 1e-3, MinLr = 1e-5, WarmupEpochs = 3, WeightDecay = 0.05,
            TaskOptions = new ImageTaskOptions
            {
                Model = "vit-tiny", Dim = 192, Depth = 6, Heads = 3, Patch = 4, ImgSize = 28, LabelSmoothing = 0.1, DropPath = 0.1,
                Augment = new() { ImageSize = 28, RandomResizedCropMinScale = 0.6, HorizontalFlip = true, RandAugmentOps = 2, RandAugmentMagnitude = 5, RandomErasing = 0.1 },
            },
        },
        "paper" => new TrainOptions
        {
            Task = TaskName, Preset = "paper", Data = "fashion-mnist-mini",
            Epochs = 300, BatchSize = 1024, Lr = 5e-4 * 1024 / 512, MinLr = 1e-5, WarmupLr = 1e-6, WarmupEpochs = 20, WeightDecay = 0.05,
            TaskOptions = new ImageTaskOptions
            {
                Model = "vit-small", Dim = 384, Depth = 12, Heads = 6, Patch = 16, ImgSize = 224, LabelSmoothing = 0.1, DropPath = 0.1,
                Augment = new()
                {
                    ImageSize = 224, RandomResizedCropMinScale = 0.08, HorizontalFlip = true, RandAugmentOps = 2,
                    RandAugmentMagnitude = 9, MixupAlpha = 0.8, CutmixAlpha = 1.0, RandomErasing = 0.25,
                },
            },
        },
        _ => throw new UserInputException("--preset", $"unknown preset '{preset}' (known: quick, standard, paper)"),
    };

    public void Validate(TrainOptions o)
    {
        TrainOptionsChecks.ValidateRecipe(o);
        var image = o.TaskOptionsAs<ImageTaskOptions>();
        TrainOptionsChecks.ValidateLabelSmoothing(image.LabelSmoothing);
        VitConfigOf(image, channels: 1, classes: 2).Validate();
    }

    public ITrainingTask Create(TrainOptions options, Device device, string? expectedLmChecksum) =>
        new ImageClassificationTask(options, device, expectedLmChecksum);

    /// <summary>A folder of class folders (ImageNet-A / -R / -Sketch style) is mapped onto the run's classes; any other
    /// source replaces the run's data.</summary>
    public TrainOptions WithEvalData(TrainOptions options, string data) =>
        Directory.Exists(data) && !Directory.Exists(Path.Combine(data, "train")) && FrozenLm.Data.Formats.ImageFolderReader.Detect(data)
            ? options with { TaskOptions = options.TaskOptionsAs<ImageTaskOptions>() with { EvalData = data } }
            : options with { Data = data, DataFormat = null };

    public ITaskEvaluator? Evaluator { get; } = new ImageEvaluation();
    public ITaskPredictor? Predictor { get; } = new ImagePrediction();
    public ITaskExplainer? Explainer { get; } = new ImageExplainer();
    public ITaskExporter? Exporter { get; } = new ImageExport();

    /// <summary>A quick comparison (4 variants x 3 seeds) fits in about 6 minutes on a 2-core CPU with 3 epochs on 2000 + 2000 images.</summary>
    public CompareBudget? CompareBudget(string preset) => preset == "quick" ? new CompareBudget(3, 2000, 2000) : null;

    /// <summary>The ViT shape the options describe: the preset named by <c>Model</c>, then the explicit size fields.</summary>
    public static VitConfig VitConfigOf(ImageTaskOptions o, int channels, int classes)
    {
        var config = VitPresets.Apply(o.Model, new VitConfig { PatchSize = 16, ImageSize = 224 });
        return config with
        {
            Dim = o.Dim > 0 ? o.Dim : config.Dim,
            Depth = o.Depth > 0 ? o.Depth : config.Depth,
            Heads = o.Heads > 0 ? o.Heads : config.Heads,
            PatchSize = o.Patch > 0 ? o.Patch : config.PatchSize,
            ImageSize = o.ImgSize > 0 ? o.ImgSize : config.ImageSize,
            MlpRatio = o.MlpRatio,
            Channels = channels,
            NumClasses = classes,
            DropPath = o.DropPath,
        };
    }
}
