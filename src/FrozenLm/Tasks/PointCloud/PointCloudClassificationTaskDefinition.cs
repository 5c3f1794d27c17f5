using FrozenLm.Encoders.PointCloud;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.PointCloud;

/// <summary>
/// The <c>pointcloud</c> task: options, flags, presets and validation. quick = a small Point-BERT (256 points, 32
/// groups x 16, dim 128, depth 4) on the generated shapes (64 train / 20 test clouds per class), 30 epochs, lr 5e-4
/// with 3 warm-up epochs (lr 1e-3 with 1 warm-up epoch left some seeds of every variant stuck at chance), for a few
/// minutes on a 2-core CPU; standard = 1024 points, 64 x 32, dim 256, depth 6, 100 epochs; paper = the paper's
/// Point-BERT recipe (1024 points, 64 x 32, dim 384, depth 12, 6 heads, drop-path 0.1, AdamW lr 5e-4, wd 0.05, batch
/// 32, 300 epochs, 10 warm-up epochs, cosine, grad clip 10, scale-and-translate augmentation) with the reference code's
/// optimizer groups (<see cref="ParameterGroupPolicy.PointBertReference"/>).
/// </summary>
public sealed class PointCloudClassificationTaskDefinition : ITaskDefinition
{
    public const string TaskName = "pointcloud";

    public string Name => TaskName;

    public MetricInfo PrimaryMetric { get; } = new("oa", "OA", "%", HigherIsBetter: true, DisplayScale: 100, "test overall accuracy, OA");

    public IReadOnlyList<MetricInfo> Metrics =>
    [
        PrimaryMetric,
        new("macc", "mAcc", "%", HigherIsBetter: true, DisplayScale: 100, "mean of per-class test accuracies"),
        new("oa_vote", "OA (vote)", "%", HigherIsBetter: true, DisplayScale: 100, "test overall accuracy with voting"),
    ];

    public string SampleUnit => "clouds";

    public string AccuracyName => "OA";

    public string AccuracyDescription => "test overall accuracy, OA";

    public string ThroughputUnit => "clouds/s";

    public Type OptionsType => typeof(PointCloudTaskOptions);

    private static readonly TaskFlags<PointCloudTaskOptions> F = new();

    public IReadOnlyList<OptionFlag> Flags { get; } =
    [
        F.Int("--dim", "Point-BERT width", (o, v) => o with { Dim = v }),
        F.Int("--depth", "Point-BERT blocks", (o, v) => o with { Depth = v }),
        F.Int("--heads", "Point-BERT attention heads", (o, v) => o with { Heads = v }),
        F.Double("--mlp-ratio", "Point-BERT MLP hidden width / width", (o, v) => o with { MlpRatio = v }),
        F.Double("--drop-path", "Stochastic depth rate of the last block (linear over depth)", (o, v) => o with { DropPath = v }),
        F.Double("--label-smoothing", "Label smoothing", (o, v) => o with { LabelSmoothing = v }),
        F.Int("--points", "Points per cloud fed to the model", (o, v) => o with { Points = v }),
        F.Int("--groups", "Groups (FPS centres), one token each", (o, v) => o with { Groups = v }),
        F.Int("--group-size", "Points per group (kNN)", (o, v) => o with { GroupSize = v }),
        F.Text("--variant", "ScanObjectNN variant: obj-bg, obj-only, pb-t50-rs (default)", (o, v) => o with { Variant = v.ToLowerInvariant() }),
        F.Int("--votes", "Voting test: extra scale-and-translate views per test cloud (0 = off)", (o, v) => o with { Votes = v }),
    ];

    public TrainOptions Preset(string preset)
    {
        var name = preset.ToLowerInvariant();
        var model = PointBertConfig.FromPreset(name);
        var pc = new PointCloudTaskOptions
        {
            Dim = model.Dim, Depth = model.Depth, Heads = model.Heads, MlpRatio = model.MlpRatio, DropPath = model.DropPath,
            Points = model.Points, Groups = model.Groups, GroupSize = model.GroupSize,
            PointNetHidden = model.PointNetHidden, EncoderDims = model.EncoderDims,
        };
        var common = new TrainOptions
        {
            Task = TaskName, Preset = name, Data = "shapes",
            WeightDecay = 0.05, ClipGrad = 10, MinLr = 1e-6, WarmupLr = 1e-6,
            TaskOptions = pc,
        };
        return name switch
        {
            "quick" => common with
            {
                Epochs = 30, BatchSize = 32, Lr = 5e-4, WarmupEpochs = 3,
                TaskOptions = pc with { ShapesTrainPerClass = 64, ShapesTestPerClass = 20 },
            },
            "standard" => common with
            {
                Epochs = 100, BatchSize = 32, Lr = 5e-4, WarmupEpochs = 5,
                TaskOptions = pc with { ShapesTrainPerClass = 200, ShapesTestPerClass = 50 },
            },
            _ => common with
            {
                Epochs = 300, BatchSize = 32, Lr = 5e-4, WarmupEpochs = 10,
                ParamGroups = ParameterGroupPolicy.PointBertReference,
                TaskOptions = pc with { ShapesTrainPerClass = 400, ShapesTestPerClass = 100 },
            },
        };
    }

    public void Validate(TrainOptions o)
    {
        TrainOptionsChecks.ValidateRecipe(o);
        var pc = o.TaskOptionsAs<PointCloudTaskOptions>();
        TrainOptionsChecks.ValidateDropPath(pc.DropPath);
        TrainOptionsChecks.ValidateLabelSmoothing(pc.LabelSmoothing);
        if (pc.Votes < 0) throw new UserInputException("--votes", $"must be >= 0, got {pc.Votes}");
        if (pc.PointNetHidden < 1) throw new UserInputException("--preset", "mini-PointNet width must be positive");
        ConfigOf(pc).Validate();
    }

    public ITrainingTask Create(TrainOptions options, Device device, string? expectedLmChecksum) =>
        new PointCloudClassificationTask(options, device, expectedLmChecksum);

    public ITaskEvaluator? Evaluator { get; } = new PointCloudEvaluator();
    public ITaskExplainer? Explainer { get; } = new PointCloudExplainer();

    /// <summary>The Point-BERT shape the options describe.</summary>
    public static PointBertConfig ConfigOf(PointCloudTaskOptions pc) => new()
    {
        Points = pc.Points, Groups = pc.Groups, GroupSize = pc.GroupSize, PointNetHidden = pc.PointNetHidden,
        EncoderDims = pc.EncoderDims, Dim = pc.Dim, Depth = pc.Depth, Heads = pc.Heads, MlpRatio = pc.MlpRatio,
        DropPath = pc.DropPath,
    };
}
