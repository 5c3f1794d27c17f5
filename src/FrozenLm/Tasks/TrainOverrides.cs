using FrozenLm.FrozenStage;

namespace FrozenLm.Tasks;

/// <summary>
/// Explicit settings that win over a preset (null = keep the preset's value). Changing the batch size without giving
/// a learning rate scales the preset's rate linearly (lr x new batch / preset batch).
/// </summary>
public sealed record TrainOverrides
{
    public string? Data { get; init; }
    public string? DataFormat { get; init; }
    public int? TrainLimit { get; init; }
    public int? EvalLimit { get; init; }
    public int? Seed { get; init; }
    public int? Epochs { get; init; }
    public int? BatchSize { get; init; }
    public double? Lr { get; init; }
    public double? MinLr { get; init; }
    public double? WarmupEpochs { get; init; }
    public double? WeightDecay { get; init; }
    public double? DropPath { get; init; }
    public double? LabelSmoothing { get; init; }
    public double? ClipGrad { get; init; }
    public int? Workers { get; init; }
    public string? Model { get; init; }
    public int? Dim { get; init; }
    public int? Depth { get; init; }
    public int? Heads { get; init; }
    public int? Patch { get; init; }
    public int? ImgSize { get; init; }
    public double? MlpRatio { get; init; }
    public LmStageMode? LmMode { get; init; }
    public LmStagePosition? LmPosition { get; init; }
    public bool? LmResidual { get; init; }
    public string? Lm { get; init; }
    public int[]? LmLayers { get; init; }
    public bool? LmFinalNorm { get; init; }
    public string? LmDType { get; init; }
    public int? RandAugmentOps { get; init; }
    public int? RandAugmentMagnitude { get; init; }
    public double? Mixup { get; init; }
    public double? Cutmix { get; init; }
    public double? RandomErasing { get; init; }
    public int? Points { get; init; }
    public int? Groups { get; init; }
    public int? GroupSize { get; init; }
    public string? Variant { get; init; }
    public int? Votes { get; init; }

    /// <summary>
    /// The preset's warm-up, or, when <c>--epochs</c> shortens the run below it, the same fraction of the shorter run
    /// (30 epochs with 3 warm-up -> 2 epochs with 0.2).
    /// </summary>
    private static double ScaledWarmup(TrainOptions preset, int? epochs) =>
        epochs is { } e && e < preset.WarmupEpochs && preset.Epochs > 0
            ? preset.WarmupEpochs * e / preset.Epochs
            : preset.WarmupEpochs;

    public TrainOptions ApplyTo(TrainOptions preset)
    {
        var lr = Lr ?? (BatchSize is { } b && b != preset.BatchSize ? preset.Lr * b / preset.BatchSize : preset.Lr);
        var model = Model ?? preset.Model;
        var modelChanged = Model is not null && Model != preset.Model;
        return preset with
        {
            Data = Data ?? preset.Data,
            DataFormat = DataFormat ?? preset.DataFormat,
            TrainLimit = TrainLimit ?? preset.TrainLimit,
            EvalLimit = EvalLimit ?? preset.EvalLimit,
            Seed = Seed ?? preset.Seed,
            Epochs = Epochs ?? preset.Epochs,
            BatchSize = BatchSize ?? preset.BatchSize,
            Lr = lr,
            MinLr = MinLr ?? preset.MinLr,
            WarmupEpochs = WarmupEpochs ?? ScaledWarmup(preset, Epochs),
            WeightDecay = WeightDecay ?? preset.WeightDecay,
            DropPath = DropPath ?? preset.DropPath,
            LabelSmoothing = LabelSmoothing ?? preset.LabelSmoothing,
            ClipGrad = ClipGrad ?? preset.ClipGrad,
            Workers = Workers ?? preset.Workers,
            Model = model,
            Dim = Dim ?? (modelChanged ? 0 : preset.Dim),
            Depth = Depth ?? (modelChanged ? 0 : preset.Depth),
            Heads = Heads ?? (modelChanged ? 0 : preset.Heads),
            Patch = Patch ?? preset.Patch,
            ImgSize = ImgSize ?? preset.ImgSize,
            MlpRatio = MlpRatio ?? preset.MlpRatio,
            Lm = preset.Lm with
            {
                Mode = LmMode ?? preset.Lm.Mode,
                Position = LmPosition ?? preset.Lm.Position,
                Residual = LmResidual ?? preset.Lm.Residual,
                Source = Lm ?? preset.Lm.Source,
                Layers = LmLayers ?? preset.Lm.Layers,
                FinalNorm = LmFinalNorm ?? preset.Lm.FinalNorm,
                StorageDType = LmDType ?? preset.Lm.StorageDType,
            },
            Augment = preset.Augment with
            {
                ImageSize = ImgSize ?? preset.Augment.ImageSize,
                RandAugmentOps = RandAugmentOps ?? preset.Augment.RandAugmentOps,
                RandAugmentMagnitude = RandAugmentMagnitude ?? preset.Augment.RandAugmentMagnitude,
                MixupAlpha = Mixup ?? preset.Augment.MixupAlpha,
                CutmixAlpha = Cutmix ?? preset.Augment.CutmixAlpha,
                RandomErasing = RandomErasing ?? preset.Augment.RandomErasing,
            },
            PointCloud = preset.PointCloud with
            {
                Points = Points ?? preset.PointCloud.Points,
                Groups = Groups ?? preset.PointCloud.Groups,
                GroupSize = GroupSize ?? preset.PointCloud.GroupSize,
                Variant = Variant ?? preset.PointCloud.Variant,
                Votes = Votes ?? preset.PointCloud.Votes,
            },
        };
    }
}
