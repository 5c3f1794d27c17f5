using FrozenLm.Encoders.PointCloud;
using FrozenLm.Training;
using static TorchSharp.torch;

namespace FrozenLm.Tasks;

/// <summary>
/// The <c>pointcloud</c> task: presets and validation. quick = a small Point-BERT (256 points, 32 groups x 16, dim 128,
/// depth 4) on the generated shapes (64 train / 20 test clouds per class), 30 epochs, lr 5e-4 with 3 warm-up epochs
/// (lr 1e-3 with 1 warm-up epoch left some seeds of every variant stuck at chance), for a few minutes on a
/// 2-core CPU; standard = 1024 points, 64 x 32, dim 256,
/// depth 6, 100 epochs; paper = the paper's Point-BERT recipe (1024 points, 64 x 32, dim 384, depth 12, 6 heads,
/// drop-path 0.1, AdamW lr 5e-4, wd 0.05, batch 32, 300 epochs, 10 warm-up epochs, cosine, grad clip 10,
/// scale-and-translate augmentation).
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

    public TrainOptions Preset(string preset)
    {
        var name = preset.ToLowerInvariant();
        var model = PointBertConfig.FromPreset(name);
        var pc = new PointCloudTaskOptions
        {
            Points = model.Points, Groups = model.Groups, GroupSize = model.GroupSize,
            PointNetHidden = model.PointNetHidden, EncoderDims = model.EncoderDims,
        };
        var common = new TrainOptions
        {
            Task = TaskName, Preset = name, Data = "shapes", Model = "point-bert",
            Dim = model.Dim, Depth = model.Depth, Heads = model.Heads, MlpRatio = model.MlpRatio, DropPath = model.DropPath,
            WeightDecay = 0.05, ClipGrad = 10, LabelSmoothing = 0, MinLr = 1e-6, WarmupLr = 1e-6,
            PointCloud = pc,
        };
        return name switch
        {
            "quick" => common with
            {
                Epochs = 30, BatchSize = 32, Lr = 5e-4, WarmupEpochs = 3,
                PointCloud = pc with { ShapesTrainPerClass = 64, ShapesTestPerClass = 20 },
            },
            "standard" => common with
            {
                Epochs = 100, BatchSize = 32, Lr = 5e-4, WarmupEpochs = 5,
                PointCloud = pc with { ShapesTrainPerClass = 200, ShapesTestPerClass = 50 },
            },
            _ => common with
            {
                Epochs = 300, BatchSize = 32, Lr = 5e-4, WarmupEpochs = 10,
                PointCloud = pc with { ShapesTrainPerClass = 400, ShapesTestPerClass = 100 },
            },
        };
    }

    public void Validate(TrainOptions o)
    {
        TrainOptionsChecks.ValidateRecipe(o);
        if (o.DropPath is < 0 or >= 1) throw new UserInputException("--drop-path", $"must be in [0, 1), got {o.DropPath}");
        if (o.PointCloud.Votes < 0) throw new UserInputException("--votes", $"must be >= 0, got {o.PointCloud.Votes}");
        if (o.PointCloud.PointNetHidden < 1) throw new UserInputException("--preset", "mini-PointNet width must be positive");
        ConfigOf(o).Validate();
    }

    public ITrainingTask Create(TrainOptions options, Device device, string? expectedLmChecksum) =>
        new PointCloudClassificationTask(options, device, expectedLmChecksum);

    public ITaskEvaluator? Evaluator { get; } = new PointCloud.PointCloudEvaluator();
    public ITaskExplainer? Explainer { get; } = new PointCloud.PointCloudExplainer();

    /// <summary>The Point-BERT shape the options describe.</summary>
    public static PointBertConfig ConfigOf(TrainOptions o)
    {
        var pc = o.PointCloud;
        var config = new PointBertConfig
        {
            Points = pc.Points, Groups = pc.Groups, GroupSize = pc.GroupSize, PointNetHidden = pc.PointNetHidden,
            EncoderDims = pc.EncoderDims, Dim = o.Dim, Depth = o.Depth, Heads = o.Heads, MlpRatio = o.MlpRatio,
            DropPath = o.DropPath,
        };
        return config;
    }
}
