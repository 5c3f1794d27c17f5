using FrozenLm.Data.Sqa3d;
using FrozenLm.Encoders.PointCloud;
using FrozenLm.Layers;
using FrozenLm.Models.Sqa3d;
using FrozenLm.Tasks.VisionLanguage;
using FrozenLm.Tasks.Vqa;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.Sqa3d;

/// <summary>
/// The <c>3dqa</c> task (situated 3D question answering, SQA3D-style): options, flags, presets and validation. quick =
/// <c>shapes-3dqa</c> with 8000 training and 600 test questions, rooms of 256 points, object tokens (5 slots) from a
/// mini-PointNet of hidden width 16, a scene encoder of width 64 with 1 block, 2 fusion blocks, the frozen MiniLM text
/// encoder, situation loss weight 5, 8 epochs of batch 32 at lr 1e-3; standard = 12000 / 2400 questions, 2048 points,
/// object tokens, width 192, 4 scene and 4 fusion blocks, 30 epochs; paper = SQA3D-sized point groups (8192 points in
/// 512 groups of 32, width 768 with 12 heads, 4 scene and 6 fusion blocks, 30 epochs, lr 1e-4, batch 32), not SQA3D's
/// exact recipe (its VoteNet detector and pretrained weights are not embedded).
/// </summary>
public sealed class Sqa3dTaskDefinition : ITaskDefinition
{
    public const string TaskName = "3dqa";
    public const string Unit = "questions";

    public string Name => TaskName;

    public MetricInfo PrimaryMetric => Sqa3dMetrics.Primary;

    public IReadOnlyList<MetricInfo> Metrics => Sqa3dMetrics.All;

    public string SampleUnit => Unit;

    public string AccuracyName => "EM@1";

    public string AccuracyDescription => "test exact match of the top answer, EM@1";

    public string ThroughputUnit => "questions/s";

    public Type OptionsType => typeof(Sqa3dTaskOptions);

    private static readonly TaskFlags<Sqa3dTaskOptions> F = new();

    public IReadOnlyList<OptionFlag> Flags { get; } =
    [
        F.Text("--scene-tokens", "Scene tokens: groups (FPS + kNN point groups, any point cloud) or objects (one per object segment; needs data with segments)",
            (o, v) => o with { SceneTokens = FlagValues.ToEnum<SceneTokenKind>(v, "--scene-tokens") }),
        F.Int("--max-objects", "Object slots per scene with --scene-tokens objects (segment ids 0 to this - 1)", (o, v) => o with { MaxObjects = v }),
        F.Int("--dim", "Scene encoder and fusion width", (o, v) => o with { Dim = v }),
        F.Int("--scene-depth", "Scene encoder blocks before fusion (0 = tokens straight into fusion)", (o, v) => o with { SceneDepth = v }),
        F.Int("--heads", "Scene encoder attention heads", (o, v) => o with { Heads = v }),
        F.Double("--mlp-ratio", "MLP hidden width / width", (o, v) => o with { MlpRatio = v }),
        F.Int("--points", "Points per scene fed to the model (scenes are resampled to it)", (o, v) => o with { Points = v }),
        F.Int("--groups", "Point groups (FPS centres) per scene, one scene token each (--scene-tokens groups)", (o, v) => o with { Groups = v }),
        F.Int("--group-size", "Points per group (kNN; --scene-tokens groups)", (o, v) => o with { GroupSize = v }),
        .. FusionFlags.For<Sqa3dTaskOptions>((o, v) => o with { FusionDepth = v }, (o, v) => o with { FusionHeads = v },
            (o, v) => o with { WeightInit = v }, "the scene blocks, fusion and heads"),
        F.Int("--max-answers", "Answer vocabulary: the most frequent training answers (0 = all)", (o, v) => o with { MaxAnswers = v }),
        F.Double("--situation-loss-weight", "Weight of the auxiliary situation loss (agent position + facing MSE; 0 = off)",
            (o, v) => o with { SituationLossWeight = v }),
        F.Bool("--shuffle-scenes", "Control: pair every question with another question's scene (training and evaluation)",
            (o, v) => o with { ShuffleScenes = v }),
        .. TextSideFlags.For<Sqa3dTaskOptions>(o => o.Text, (o, t) => o with { Text = t }),
    ];

    public TrainOptions Preset(string preset) => preset.ToLowerInvariant() switch
    {
        "quick" => new TrainOptions
        {
            Task = TaskName, Preset = "quick", Data = Shapes3dQaData.Name,
            TrainLimit = 8000, EvalLimit = 600, Epochs = 8, BatchSize = 32, Lr = 1e-3, MinLr = 1e-5, WarmupEpochs = 1, WeightDecay = 0.05,
            ParamGroups = VqaTaskDefinition.ParamGroups,
            TaskOptions = new Sqa3dTaskOptions
            {
                SceneTokens = SceneTokenKind.Objects, MaxObjects = RoomGenerator.MaxObjects, SituationLossWeight = 5,
                Dim = 64, SceneDepth = 1, Heads = 4, Points = 256, Groups = 32, GroupSize = 16, PointNetHidden = 16, EncoderDims = 64,
                FusionDepth = 2, FusionHeads = 4,
            },
        },
        "standard" => new TrainOptions
        {
            Task = TaskName, Preset = "standard", Data = Shapes3dQaData.Name,
            TrainLimit = Shapes3dQaData.DefaultTrainCount, EvalLimit = Shapes3dQaData.DefaultEvalCount, Epochs = 30, BatchSize = 64,
            Lr = 1e-3, MinLr = 1e-5, WarmupEpochs = 3, WeightDecay = 0.05, ParamGroups = VqaTaskDefinition.ParamGroups,
            TaskOptions = new Sqa3dTaskOptions
            {
                SceneTokens = SceneTokenKind.Objects, MaxObjects = RoomGenerator.MaxObjects,
                Dim = 192, SceneDepth = 4, Heads = 4, Points = 2048, Groups = 128, GroupSize = 32, PointNetHidden = 64, EncoderDims = 256,
                FusionDepth = 4, FusionHeads = 4,
            },
        },
        "paper" => new TrainOptions
        {
            Task = TaskName, Preset = "paper", Data = Shapes3dQaData.Name,
            Epochs = 30, BatchSize = 32, Lr = 1e-4, MinLr = 0, WarmupLr = 0, WarmupEpochs = 1, WeightDecay = 0.01,
            ParamGroups = VqaTaskDefinition.ParamGroups,
            TaskOptions = new Sqa3dTaskOptions
            {
                Dim = 768, SceneDepth = 4, Heads = 12, Points = 8192, Groups = 512, GroupSize = 32, PointNetHidden = 128, EncoderDims = 256,
                FusionDepth = 6, FusionHeads = 12, WeightInit = LinearInit.TruncNormal,
            },
        },
        _ => throw new UserInputException("--preset", $"unknown preset '{preset}' (known: quick, standard, paper)"),
    };

    public void Validate(TrainOptions o)
    {
        TrainOptionsChecks.ValidateRecipe(o);
        var qa = o.TaskOptionsAs<Sqa3dTaskOptions>();
        qa.Text.Validate();
        if (qa.MaxObjects < 1)
            throw new UserInputException("--max-objects", $"must be positive, got {qa.MaxObjects}");
        if (qa.SceneDepth < 0)
            throw new UserInputException("--scene-depth", $"must be 0 or more, got {qa.SceneDepth}");
        SceneConfigOf(qa).Validate();
        FusionFlags.Validate(qa.FusionDepth, qa.FusionHeads, qa.Dim);
        if (qa.MaxAnswers < 0)
            throw new UserInputException("--max-answers", $"must be 0 (all) or positive, got {qa.MaxAnswers}");
        if (!(qa.SituationLossWeight >= 0) || double.IsInfinity(qa.SituationLossWeight))
            throw new UserInputException("--situation-loss-weight", $"must be a finite number >= 0, got {qa.SituationLossWeight}");
        if (qa.PointNetHidden < 1 || qa.EncoderDims < 1)
            throw new UserInputException("--preset", "mini-PointNet sizes must be positive");
    }

    public ITrainingTask Create(TrainOptions options, Device device, string? expectedLmChecksum) =>
        new Sqa3dTask(options, device, expectedLmChecksum);

    /// <summary>
    /// A quick comparison trains every variant for the preset's 8 epochs on 1500 of its 8000 questions (all 600 test
    /// questions): the frozen MiniLM block runs over every scene and text token in each step, so the 12 runs of the
    /// default grid at the whole preset take hours on a shared 2-core machine.
    /// </summary>
    public CompareBudget? CompareBudget(string preset) => preset == "quick" ? new CompareBudget(8, 1500, 600) : null;

    public ITaskEvaluator? Evaluator { get; } = new Sqa3dEvaluator();
    public ITaskPredictor? Predictor { get; } = new Sqa3dPredictor();
    public ITaskExplainer? Explainer { get; } = new Sqa3dExplainer();

    /// <summary>The scene encoder the options describe: Point-BERT grouping and blocks over xyz + rgb points, no drop-path.</summary>
    public static PointBertConfig SceneConfigOf(Sqa3dTaskOptions o) => new()
    {
        Points = o.Points, Groups = o.Groups, GroupSize = o.GroupSize, PointNetHidden = o.PointNetHidden, EncoderDims = o.EncoderDims,
        Dim = o.Dim, Depth = o.SceneDepth, Heads = o.Heads, MlpRatio = o.MlpRatio, DropPath = 0, InputChannels = ScenePoints.Channels,
    };
}
