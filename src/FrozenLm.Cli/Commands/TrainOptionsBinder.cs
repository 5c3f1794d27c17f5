using FrozenLm.Tasks;
using System.CommandLine;
using System.Globalization;
using FrozenLm.FrozenStage;
using FrozenLm.Training;

namespace FrozenLm.Cli.Commands;

/// <summary>The training flags shared by <c>train</c> (and reusable by other commands) and their binding to <see cref="TrainOverrides"/>.</summary>
public sealed class TrainOptionsBinder
{
    public Option<string> Task { get; } = new("--task") { Description = "Task: image | pointcloud", DefaultValueFactory = _ => "image" };
    public Option<string> Preset { get; } = new("--preset") { Description = "quick | standard | paper (explicit flags override it)", DefaultValueFactory = _ => "quick" };
    public Option<string?> Data { get; } = new("--data") { Description = "Data source: fashion-mnist-mini (image default), fashion-mnist, shapes (pointcloud default), or a path" };
    public Option<string?> DataFormat { get; } = new("--data-format") { Description = "Force a reader: idx, cifar10, cifar100, imagefolder" };
    public Option<int?> TrainLimit { get; } = new("--train-limit") { Description = "Use at most N training samples (seeded subset; 0 = all)" };
    public Option<int?> EvalLimit { get; } = new("--eval-limit") { Description = "Use at most N evaluation samples (0 = all)" };
    public Option<int?> Seed { get; } = new("--seed") { Description = "Seed of every random choice (init, data order, augmentation, drop-path)" };
    public Option<int?> Epochs { get; } = new("--epochs") { Description = "Training epochs" };
    public Option<int?> BatchSize { get; } = new("--batch-size") { Description = "Samples per step (changing it scales the preset lr linearly)" };
    public Option<double?> Lr { get; } = new("--lr") { Description = "Peak learning rate (absolute)" };
    public Option<double?> MinLr { get; } = new("--min-lr") { Description = "Learning rate at the end of the cosine" };
    public Option<double?> WarmupEpochs { get; } = new("--warmup-epochs") { Description = "Linear warm-up length in epochs (fractions allowed)" };
    public Option<double?> WeightDecay { get; } = new("--weight-decay") { Description = "AdamW weight decay (not on 1-D params, biases, pos_embed, cls_token)" };
    public Option<double?> DropPath { get; } = new("--drop-path") { Description = "Stochastic depth rate of the last ViT block (linear over depth)" };
    public Option<double?> LabelSmoothing { get; } = new("--label-smoothing") { Description = "Label smoothing" };
    public Option<double?> ClipGrad { get; } = new("--clip-grad") { Description = "Clip the global gradient norm (0 = off)" };
    public Option<int?> Workers { get; } = new("--workers") { Description = "Data-loading threads (0 = automatic)" };
    public Option<string?> Model { get; } = new("--model") { Description = "ViT preset: vit-micro, vit-tiny, vit-small, vit-base" };
    public Option<int?> Dim { get; } = new("--dim") { Description = "ViT width" };
    public Option<int?> Depth { get; } = new("--depth") { Description = "ViT blocks" };
    public Option<int?> Heads { get; } = new("--heads") { Description = "ViT attention heads" };
    public Option<int?> Patch { get; } = new("--patch") { Description = "Patch size in pixels" };
    public Option<int?> ImgSize { get; } = new("--img-size") { Description = "Input size in pixels (images are resized)" };
    public Option<double?> MlpRatio { get; } = new("--mlp-ratio") { Description = "ViT MLP hidden width / width" };
    public Option<string?> LmMode { get; } = new("--lm-mode") { Description = string.Join(" | ", FrozenStage.Variants.StageVariants.All.Select(v => v.Name)) + " (default frozen)" };
    public Option<string?> LmPosition { get; } = new("--lm-position") { Description = "tail (default) | middle | head" };
    public Option<bool?> LmResidual { get; } = new("--lm-residual") { Description = "Add the block input to its output (R-LLM)" };
    public Option<string?> Lm { get; } = new("--lm") { Description = "LM checkpoint path or built-in name (minilm, arctic-xs)" };
    public Option<string?> LmLayers { get; } = new("--lm-layers") { Description = "Comma-separated layer indices, run in order (default: the LM's last layer)" };
    public Option<string?> LmFinalNorm { get; } = new("--lm-final-norm") { Description = "auto (on for llama-family) | on | off: parameter-free RMS norm after the block(s)" };
    public Option<string?> LmDType { get; } = new("--lm-dtype") { Description = "Storage dtype of the LM weights: F32 or BF16" };
    public Option<int?> RandAugment { get; } = new("--rand-augment") { Description = "RandAugment ops per image (0 = off)" };
    public Option<int?> RandAugmentMagnitude { get; } = new("--rand-augment-m") { Description = "RandAugment magnitude (0-10)" };
    public Option<double?> Mixup { get; } = new("--mixup") { Description = "Mixup alpha (0 = off)" };
    public Option<double?> Cutmix { get; } = new("--cutmix") { Description = "CutMix alpha (0 = off)" };
    public Option<double?> Erasing { get; } = new("--erasing") { Description = "Random erasing probability" };
    public Option<int?> Points { get; } = new("--points") { Description = "Point cloud: points per cloud fed to the model" };
    public Option<int?> Groups { get; } = new("--groups") { Description = "Point cloud: groups (FPS centres), one token each" };
    public Option<int?> GroupSize { get; } = new("--group-size") { Description = "Point cloud: points per group (kNN)" };
    public Option<string?> Variant { get; } = new("--variant") { Description = "ScanObjectNN variant: obj-bg, obj-only, pb-t50-rs (default)" };
    public Option<int?> Votes { get; } = new("--votes") { Description = "Point cloud voting test: extra scale-and-translate views per test cloud (0 = off)" };

    public IEnumerable<Option> All =>
    [
        Task, Preset, Data, DataFormat, TrainLimit, EvalLimit, Seed, Epochs, BatchSize, Lr, MinLr, WarmupEpochs, WeightDecay,
        DropPath, LabelSmoothing, ClipGrad, Workers, Model, Dim, Depth, Heads, Patch, ImgSize, MlpRatio, LmMode, LmPosition,
        LmResidual, Lm, LmLayers, LmFinalNorm, LmDType, RandAugment, RandAugmentMagnitude, Mixup, Cutmix, Erasing,
        Points, Groups, GroupSize, Variant, Votes,
    ];

    /// <summary>Whether the user gave any flag that changes what is trained (not allowed with --resume).</summary>
    public bool AnyGiven(ParseResult parse) => All.Any(o => parse.GetResult(o) is { Implicit: false });

    public TrainOptions Resolve(ParseResult parse) =>
        TrainOptions.Resolve(parse.GetValue(Task)!, parse.GetValue(Preset)!, Overrides(parse));

    public TrainOverrides Overrides(ParseResult parse) => new()
    {
        Data = parse.GetValue(Data),
        DataFormat = parse.GetValue(DataFormat),
        TrainLimit = parse.GetValue(TrainLimit),
        EvalLimit = parse.GetValue(EvalLimit),
        Seed = parse.GetValue(Seed),
        Epochs = parse.GetValue(Epochs),
        BatchSize = parse.GetValue(BatchSize),
        Lr = parse.GetValue(Lr),
        MinLr = parse.GetValue(MinLr),
        WarmupEpochs = parse.GetValue(WarmupEpochs),
        WeightDecay = parse.GetValue(WeightDecay),
        DropPath = parse.GetValue(DropPath),
        LabelSmoothing = parse.GetValue(LabelSmoothing),
        ClipGrad = parse.GetValue(ClipGrad),
        Workers = parse.GetValue(Workers),
        Model = parse.GetValue(Model),
        Dim = parse.GetValue(Dim),
        Depth = parse.GetValue(Depth),
        Heads = parse.GetValue(Heads),
        Patch = parse.GetValue(Patch),
        ImgSize = parse.GetValue(ImgSize),
        MlpRatio = parse.GetValue(MlpRatio),
        LmMode = parse.GetValue(LmMode) is { } mode ? LmStageMode.Parse(mode, "--lm-mode") : null,
        LmPosition = ParseEnum<LmStagePosition>(parse.GetValue(LmPosition), "--lm-position"),
        LmResidual = parse.GetValue(LmResidual),
        Lm = parse.GetValue(Lm),
        LmLayers = ParseLayers(parse.GetValue(LmLayers)),
        LmFinalNorm = ParseFinalNorm(parse.GetValue(LmFinalNorm)),
        LmDType = parse.GetValue(LmDType)?.ToUpperInvariant(),
        RandAugmentOps = parse.GetValue(RandAugment),
        RandAugmentMagnitude = parse.GetValue(RandAugmentMagnitude),
        Mixup = parse.GetValue(Mixup),
        Cutmix = parse.GetValue(Cutmix),
        RandomErasing = parse.GetValue(Erasing),
        Points = parse.GetValue(Points),
        Groups = parse.GetValue(Groups),
        GroupSize = parse.GetValue(GroupSize),
        Variant = parse.GetValue(Variant)?.ToLowerInvariant(),
        Votes = parse.GetValue(Votes),
    };

    public static T? ParseEnum<T>(string? value, string flag) where T : struct, Enum
    {
        if (value is null)
            return null;
        return Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _)
            ? parsed
            : throw new UserInputException(flag,
                $"'{value}' is not one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");
    }

    public static int[]? ParseLayers(string? value)
    {
        if (value is null)
            return null;
        var parts = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
            throw new UserInputException("--lm-layers", "give at least one layer index, e.g. 5 or 4,5");
        return parts.Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0
            ? i
            : throw new UserInputException("--lm-layers", $"'{p}' is not a layer index (a non-negative integer)")).ToArray();
    }

    public static bool? ParseFinalNorm(string? value) => value?.ToLowerInvariant() switch
    {
        null or "auto" => null,
        "on" or "true" => true,
        "off" or "false" => false,
        _ => throw new UserInputException("--lm-final-norm", $"'{value}' is not one of auto, on, off"),
    };
}
