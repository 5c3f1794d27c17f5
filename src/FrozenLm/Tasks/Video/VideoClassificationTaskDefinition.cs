using FrozenLm.Data;
using FrozenLm.Data.Video;
using FrozenLm.Encoders.Video;
using FrozenLm.Layers;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.Video;

/// <summary>
/// The <c>video</c> task (action recognition): options, flags, presets and validation. quick = 8 frames of 32 px,
/// tubelets 4 x 8 x 8 (32 tokens), width 128, depth 4, on the generated moving-shapes set (200 / 30 clips per class of
/// 16 frames), 10 epochs of batch 16 at lr 3e-4; standard = 16 frames of 64 px (512 tokens), depth 6,
/// 30 epochs; paper = VideoMAE ViT-S fine-tuning on SSv2 as the paper ran it (16 x 224, tubelet 2 x 16 x 16, width 384,
/// depth 12, AdamW lr 1e-3 x batch/256, wd 0.05, 40 epochs with 5 warm-up, drop-path 0.1, smoothing 0.1, mixup 0.8,
/// cutmix 1.0, RandAugment m9 n2, test 2 clips x 3 crops, ImageNet normalisation). quick and standard normalise with
/// statistics estimated from the training split.
/// </summary>
public sealed class VideoClassificationTaskDefinition : ITaskDefinition
{
    public const string TaskName = "video";

    public string Name => TaskName;

    public MetricInfo PrimaryMetric { get; } = new("top1", "top-1", "%", HigherIsBetter: true, DisplayScale: 100, "test top-1 accuracy");

    public IReadOnlyList<MetricInfo> Metrics => [PrimaryMetric, new("top5", "top-5", "%", HigherIsBetter: true, DisplayScale: 100, "test top-5 accuracy")];

    public string SampleUnit => "clips";

    public string AccuracyDescription => "test top-1 accuracy (clips)";

    public string ThroughputUnit => "clips/s";

    public Type OptionsType => typeof(VideoTaskOptions);

    private static readonly TaskFlags<VideoTaskOptions> F = new();

    public IReadOnlyList<OptionFlag> Flags { get; } =
    [
        F.Int("--dim", "Video ViT width", (o, v) => o with { Dim = v }),
        F.Int("--depth", "Video ViT blocks", (o, v) => o with { Depth = v }),
        F.Int("--heads", "Video ViT attention heads", (o, v) => o with { Heads = v }),
        F.Double("--mlp-ratio", "Video ViT MLP hidden width / width", (o, v) => o with { MlpRatio = v }),
        F.Int("--tubelet", "Frames per tubelet (the Conv3d's temporal kernel and stride)", (o, v) => o with { Tubelet = v }),
        F.Int("--patch", "Tubelet height and width in pixels", (o, v) => o with { Patch = v }),
        F.Text("--position", "Position embedding: sinusoid (VideoMAE's fixed table) or learned", (o, v) => o with { Position = v.ToLowerInvariant() }),
        F.Int("--frames", "Frames per clip fed to the model (segment-based sampling)", (o, v) => o with { Clip = o.Clip with { Frames = v } }),
        F.Int("--img-size", "Frame size in pixels after cropping and resizing", (o, v) => o with { Clip = o.Clip with { ImageSize = v } }),
        F.Double("--min-crop-scale", "Training crop: smallest side as a fraction of the frame's short side (1 = whole short side)",
            (o, v) => o with { Clip = o.Clip with { MinCropScale = v } }),
        F.Bool("--flip", "Random horizontal flip in training (off by default: it turns left into right)", (o, v) => o with { Clip = o.Clip with { HorizontalFlip = v } }),
        F.Text("--frame-order", "natural, or shuffled: the frames of every clip in a random order (train and test), the control for the use of time",
            (o, v) => o with { Clip = o.Clip with { FrameOrder = v.ToLowerInvariant() } }),
        F.Int("--test-clips", "Test-time temporal views per clip (probabilities averaged)", (o, v) => o with { Clip = o.Clip with { TestClips = v } }),
        F.Int("--test-crops", "Test-time spatial crops per view along the long side (probabilities averaged)", (o, v) => o with { Clip = o.Clip with { TestCrops = v } }),
        F.Text("--weight-init", "Linear weight init of the ViT blocks: trunc-normal (std 0.02, VideoMAE's) or xavier",
            (o, v) => o with { WeightInit = FlagValues.ToEnum<LinearInit>(v.Replace("-", "").Replace("_", ""), "--weight-init") }),
        F.Double("--drop-path", "Stochastic depth rate of the last block (linear over depth)", (o, v) => o with { DropPath = v }),
        F.Double("--label-smoothing", "Label smoothing", (o, v) => o with { LabelSmoothing = v }),
        F.Int("--rand-augment", "RandAugment ops per clip, the same on every frame (0 = off)", (o, v) => o with { Augment = o.Augment with { RandAugmentOps = v } }),
        F.Int("--rand-augment-m", "RandAugment magnitude (0-10)", (o, v) => o with { Augment = o.Augment with { RandAugmentMagnitude = v } }),
        F.Double("--mixup", "Mixup alpha (0 = off)", (o, v) => o with { Augment = o.Augment with { MixupAlpha = v } }),
        F.Double("--cutmix", "CutMix alpha (0 = off)", (o, v) => o with { Augment = o.Augment with { CutmixAlpha = v } }),
        F.Int("--shapes-train", "moving-shapes: training clips per class", (o, v) => o with { Shapes = o.Shapes with { TrainPerClass = v } }),
        F.Int("--shapes-test", "moving-shapes: test clips per class", (o, v) => o with { Shapes = o.Shapes with { TestPerClass = v } }),
        F.Int("--shapes-frames", "moving-shapes: frames per generated clip", (o, v) => o with { Shapes = o.Shapes with { Frames = v } }),
        F.Int("--shapes-size", "moving-shapes: generated frame size in pixels", (o, v) => o with { Shapes = o.Shapes with { Size = v } }),
        F.Int("--shapes-seed", "moving-shapes: generator seed (independent of --seed)", (o, v) => o with { Shapes = o.Shapes with { Seed = v } }),
        F.Int("--shapes-distractors", "moving-shapes: drifting distractor discs per clip", (o, v) => o with { Shapes = o.Shapes with { Distractors = v } }),
        F.Double("--shapes-pan", "moving-shapes: fastest camera pan in px/frame at 32 px (a clip draws [max/3, max])",
            (o, v) => o with { Shapes = o.Shapes with { MaxPan = v } }),
        F.Double("--shapes-texture", "moving-shapes: amplitude of each background grating per channel (0-0.3)",
            (o, v) => o with { Shapes = o.Shapes with { Texture = v } }),
        F.Double("--shapes-motion", "moving-shapes: scale of the object's translation speed and rotation rate",
            (o, v) => o with { Shapes = o.Shapes with { MotionScale = v } }),
    ];

    public TrainOptions Preset(string preset) => preset.ToLowerInvariant() switch
    {
        "quick" => new TrainOptions
        {
            Task = TaskName, Preset = "quick", Data = MovingShapesDataset.DataName,
            Epochs = 10, BatchSize = 16, Lr = 3e-4, MinLr = 1e-5, WarmupEpochs = 1, WeightDecay = 0.05,
            TaskOptions = new VideoTaskOptions
            {
                Dim = 128, Depth = 4, Heads = 4, Tubelet = 4, Patch = 8, LabelSmoothing = 0.1,
                Clip = new VideoClipOptions { Frames = 8, ImageSize = 32 },
                Shapes = new MovingShapesOptions { Frames = 16, Size = 32, TrainPerClass = 200, TestPerClass = 30 },
            },
        },
        "standard" => new TrainOptions
        {
            Task = TaskName, Preset = "standard", Data = MovingShapesDataset.DataName,
            Epochs = 30, BatchSize = 32, Lr = 1e-3, MinLr = 1e-5, WarmupEpochs = 3, WeightDecay = 0.05,
            TaskOptions = new VideoTaskOptions
            {
                Dim = 192, Depth = 6, Heads = 3, Tubelet = 2, Patch = 8, LabelSmoothing = 0.1, DropPath = 0.1,
                Clip = new VideoClipOptions { Frames = 16, ImageSize = 64, MinCropScale = 0.8 },
                Shapes = new MovingShapesOptions { Frames = 32, Size = 72, TrainPerClass = 300, TestPerClass = 50 },
            },
        },
        "paper" => new TrainOptions
        {
            Task = TaskName, Preset = "paper", Data = MovingShapesDataset.DataName,
            Epochs = 40, BatchSize = 256, Lr = 1e-3 * 256 / 256, MinLr = 1e-6, WarmupLr = 1e-6, WarmupEpochs = 5, WeightDecay = 0.05,
            TaskOptions = new VideoTaskOptions
            {
                Dim = 384, Depth = 12, Heads = 6, Tubelet = 2, Patch = 16, LabelSmoothing = 0.1, DropPath = 0.1,
                Clip = new VideoClipOptions
                {
                    Frames = 16, ImageSize = 224, MinCropScale = 0.66, TestClips = 2, TestCrops = 3,
                    Mean = VideoClipOptions.ImageNetMean, Std = VideoClipOptions.ImageNetStd,
                },
                Augment = new ImageAugmentOptions { RandAugmentOps = 2, RandAugmentMagnitude = 9, MixupAlpha = 0.8, CutmixAlpha = 1.0 },
                Shapes = new MovingShapesOptions { Frames = 32, Size = 256, TrainPerClass = 400, TestPerClass = 100 },
            },
        },
        _ => throw new UserInputException("--preset", $"unknown preset '{preset}' (known: quick, standard, paper)"),
    };

    public void Validate(TrainOptions o)
    {
        TrainOptionsChecks.ValidateRecipe(o);
        var video = o.TaskOptionsAs<VideoTaskOptions>();
        TrainOptionsChecks.ValidateLabelSmoothing(video.LabelSmoothing);
        video.Clip.Validate();
        if (video.Position is not (VideoPositions.Sinusoid or VideoPositions.Learned))
            throw new UserInputException("--position", $"must be sinusoid or learned, got '{video.Position}'");
        if (video.Augment.RandAugmentOps < 0) throw new UserInputException("--rand-augment", $"must be >= 0, got {video.Augment.RandAugmentOps}");
        if (video.Augment.MixupAlpha < 0) throw new UserInputException("--mixup", $"must be >= 0, got {video.Augment.MixupAlpha}");
        if (video.Augment.CutmixAlpha < 0) throw new UserInputException("--cutmix", $"must be >= 0, got {video.Augment.CutmixAlpha}");
        if (video.Shapes.TrainPerClass < 1) throw new UserInputException("--shapes-train", $"must be positive, got {video.Shapes.TrainPerClass}");
        if (video.Shapes.TestPerClass < 1) throw new UserInputException("--shapes-test", $"must be positive, got {video.Shapes.TestPerClass}");
        video.Shapes.ValidateDifficulty();
        ConfigOf(video, classes: 2).Validate();
    }

    public ITrainingTask Create(TrainOptions options, Device device, string? expectedLmChecksum) =>
        new VideoClassificationTask(options, device, expectedLmChecksum);

    /// <summary>
    /// A quick comparison (4 variants x 3 seeds) trains 5 of the preset's 10 epochs on all clips: about 25 minutes on a
    /// 2-core CPU instead of about 50 with the whole preset.
    /// </summary>
    public CompareBudget? CompareBudget(string preset) => preset == "quick" ? new CompareBudget(5, 0, 0) : null;

    public ITaskEvaluator? Evaluator { get; } = new VideoEvaluation();
    public ITaskPredictor? Predictor { get; } = new VideoPrediction();
    public ITaskExplainer? Explainer { get; } = new VideoExplainer();

    /// <summary>The video ViT the options describe.</summary>
    public static VideoVitConfig ConfigOf(VideoTaskOptions o, int classes) => new()
    {
        Frames = o.Clip.Frames, ImageSize = o.Clip.ImageSize, PatchSize = o.Patch, TubeletSize = o.Tubelet, Dim = o.Dim,
        Depth = o.Depth, Heads = o.Heads, MlpRatio = o.MlpRatio, NumClasses = classes, DropPath = o.DropPath,
        LearnedPosition = o.Position == VideoPositions.Learned, WeightInit = o.WeightInit,
    };
}
