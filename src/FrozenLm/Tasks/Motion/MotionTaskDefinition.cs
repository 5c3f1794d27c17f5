using FrozenLm.Data.Motion;
using FrozenLm.Encoders.Motion;
using FrozenLm.Models;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.Motion;

/// <summary>
/// The <c>motion</c> task: trajectory forecasting (Argoverse 1 layout or the generated <c>synthetic-roads</c>) with
/// VectorNet and an LM stage after its global interaction graph; metres, lower is better. quick = a small VectorNet
/// (subgraph width 64, tokens 64, one global block; 6 agents, 16 lane segments) on 1200 / 400 generated scenes, 5 epochs, a few minutes on a
/// 2-core CPU; standard = tokens 128 on 10000 / 2000 scenes, 30 epochs; paper = the VectorNet recipe the paper follows
/// (AdamW lr 5e-4, batch 32, 60 epochs; subgraph 3 x 64, one global layer of width 128; 16 agents, 48 lane
/// segments within 50 m). <c>--model mmtransformer</c> swaps VectorNet for mmTransformer on the same polylines; under
/// paper it takes the mmTransformer recipe (32 epochs, lr 1e-3, 2 + 2 layers per stacked transformer), under quick one
/// proposal per region.
/// </summary>
public sealed class MotionTaskDefinition : ITaskDefinition
{
    public const string TaskName = "motion";

    public string Name => TaskName;

    public MetricInfo PrimaryMetric { get; } = new("min_ade", "minADE", "m", HigherIsBetter: false,
        Description: "test minADE at K = 6 (ADE of the lowest-FDE mode)");

    public IReadOnlyList<MetricInfo> Metrics =>
    [
        PrimaryMetric,
        new("min_fde", "minFDE", "m", HigherIsBetter: false, Description: "test minFDE at K = 6"),
        new("miss_rate", "MR", "%", HigherIsBetter: false, DisplayScale: 100, "test miss rate at K = 6 (minFDE > 2 m)"),
        new("min_ade_k1", "minADE (K=1)", "m", HigherIsBetter: false, Description: "test ADE of the most confident mode"),
        new("min_fde_k1", "minFDE (K=1)", "m", HigherIsBetter: false, Description: "test FDE of the most confident mode"),
        new("miss_rate_k1", "MR (K=1)", "%", HigherIsBetter: false, DisplayScale: 100, "test miss rate of the most confident mode"),
        new("cv_min_ade", "CV ADE", "m", HigherIsBetter: false, Description: "constant-velocity baseline's ADE on the same scenes"),
        new("cv_min_fde", "CV FDE", "m", HigherIsBetter: false, Description: "constant-velocity baseline's FDE on the same scenes"),
    ];

    public string SampleUnit => "scenes";
    public string AccuracyName => "minADE";
    public string AccuracyDescription => "test minADE at K = 6, metres";
    public string ThroughputUnit => "scenes/s";
    public Type OptionsType => typeof(MotionTaskOptions);

    private static readonly TaskFlags<MotionTaskOptions> F = new();

    public IReadOnlyList<OptionFlag> Flags { get; } =
    [
        OptionFlag.Text("--model", $"Motion model: {string.Join(", ", MotionModels.Names)} (mmtransformer brings its own recipe: 6 x 1 proposals under quick, 32 epochs under paper; explicit flags win)",
            (o, v) => WithModel(o, FlagValues.ToText(v))),
        F.Int("--regions", "mmtransformer: regions (k-means of the training endpoints)", (o, v) => o with { MmTransformer = o.MmTransformer with { Regions = v } }),
        F.Int("--proposals-per-region", "mmtransformer: trajectory proposals per region", (o, v) => o with { MmTransformer = o.MmTransformer with { ProposalsPerRegion = v } }),
        F.Int("--stack-encoder-layers", "mmtransformer: encoder layers of each stacked transformer", (o, v) => o with { MmTransformer = o.MmTransformer with { EncoderLayers = v } }),
        F.Int("--stack-decoder-layers", "mmtransformer: decoder layers of each stacked transformer", (o, v) => o with { MmTransformer = o.MmTransformer with { DecoderLayers = v } }),
        F.Text("--maps", "Folder of Argoverse city vector maps (XML); lanes within --lane-radius become polylines", (o, v) => o with { Maps = v }),
        F.Int("--dim", "Polyline token width", (o, v) => o with { Model = o.Model with { Dim = v } }),
        F.Int("--depth", "Global interaction blocks", (o, v) => o with { Model = o.Model with { Depth = v } }),
        F.Int("--heads", "Attention heads of the global blocks", (o, v) => o with { Model = o.Model with { Heads = v } }),
        F.Int("--subgraph-layers", "Polyline subgraph layers", (o, v) => o with { Model = o.Model with { SubgraphLayers = v } }),
        F.Int("--subgraph-hidden", "Polyline subgraph width", (o, v) => o with { Model = o.Model with { SubgraphHidden = v } }),
        F.Int("--decoder-hidden", "Trajectory decoder hidden width", (o, v) => o with { Model = o.Model with { DecoderHidden = v } }),
        F.Int("--modes", "Predicted trajectories per scene (K)", (o, v) => o with { Model = o.Model with { Modes = v } }),
        F.Int("--max-agents", "Other agents per scene (nearest first)", (o, v) => o with { Vectorizer = o.Vectorizer with { MaxAgents = v } }),
        F.Int("--max-lanes", "Lane segments per scene (nearest first)", (o, v) => o with { Vectorizer = o.Vectorizer with { MaxLanes = v } }),
        F.Double("--lane-radius", "Lanes within this many metres of the target become polylines", (o, v) => o with { Vectorizer = o.Vectorizer with { LaneRadius = v } }),
        F.Int("--roads-train", "synthetic-roads: training scenes", (o, v) => o with { Roads = o.Roads with { Train = v } }),
        F.Int("--roads-test", "synthetic-roads: test scenes", (o, v) => o with { Roads = o.Roads with { Test = v } }),
        F.Int("--roads-seed", "synthetic-roads: generator seed", (o, v) => o with { Roads = o.Roads with { Seed = v } }),
        F.Double("--roads-noise", "synthetic-roads: position noise (std, metres)", (o, v) => o with { Roads = o.Roads with { Noise = v } }),
    ];

    /// <summary>The default groups, with the padding token and the decoder's anchor trajectories also kept out of weight decay.</summary>
    public static ParameterGroupPolicy NoDecayOnTokensAndAnchors { get; } = new()
    {
        Rules = [new() { Name = "no_decay", OneDimensional = true, Biases = true, LeafNames = ["pad_token", "anchors", "null_token", "query_embed", "hist_pos"] }],
    };

    /// <summary>VectorNet's recipe length in the paper preset; mmTransformer's is <see cref="MmTransformerPaperEpochs"/>.</summary>
    public const int PaperEpochs = 60;

    /// <summary>mmTransformer's recipe (Liu et al. 2021): 32 epochs, AdamW lr 1e-3, batch 32.</summary>
    public const int MmTransformerPaperEpochs = 32;

    /// <summary>
    /// The options with <paramref name="model"/> chosen; mmTransformer brings its own recipe for the preset
    /// (<see cref="MmTransformerRecipe"/>). Task flags are applied before the shared ones, so an explicit <c>--epochs</c> or
    /// <c>--lr</c> still wins over it.
    /// </summary>
    private static TrainOptions WithModel(TrainOptions o, string model)
    {
        MotionModels.Check(model);
        var options = o.WithTask<MotionTaskOptions>(m => m with { Architecture = model });
        return model == MmTransformer.Name ? MmTransformerRecipe(options) : options;
    }

    /// <summary>
    /// mmTransformer's recipe under the preset: paper = 32 epochs, lr 1e-3, two encoder and two decoder layers per stacked
    /// transformer; quick = one proposal per region (6 x 1), so the K = 6 forecast holds one proposal of every region
    /// (6 x 6 ended at 0.94x / 0.71x the constant-velocity baseline's minADE / minFDE); standard keeps 6 x 6.
    /// </summary>
    private static TrainOptions MmTransformerRecipe(TrainOptions o) => o.Preset switch
    {
        "paper" => o.WithTask<MotionTaskOptions>(m => m with { MmTransformer = m.MmTransformer with { EncoderLayers = 2, DecoderLayers = 2 } })
            with { Epochs = MmTransformerPaperEpochs, Lr = 1e-3 },
        "quick" => o.WithTask<MotionTaskOptions>(m => m with { MmTransformer = m.MmTransformer with { ProposalsPerRegion = 1 } }),
        _ => o,
    };

    public TrainOptions Preset(string preset)
    {
        var name = preset.ToLowerInvariant();
        var common = new TrainOptions
        {
            Task = TaskName, Preset = name, Data = SyntheticRoads.SourceName, WeightDecay = 0.01, ClipGrad = 5, MinLr = 1e-6,
            WarmupLr = 1e-6, BatchSize = 32, TaskOptions = new MotionTaskOptions(), ParamGroups = NoDecayOnTokensAndAnchors,
        };
        return name switch
        {
            "quick" => common with
            {
                Epochs = 5, Lr = 1e-3, WarmupEpochs = 1,
                TaskOptions = new MotionTaskOptions
                {
                    Model = new VectorNetConfig { SubgraphHidden = 64, Dim = 64, Depth = 1, Heads = 4, DecoderHidden = 128 },
                    Vectorizer = new VectorizerOptions { MaxAgents = 6, MaxLanes = 16 },
                    Roads = new SyntheticRoadsOptions { Train = 1200, Test = 400 },
                },
            },
            "standard" => common with
            {
                Epochs = 30, Lr = 5e-4, WarmupEpochs = 1,
                TaskOptions = new MotionTaskOptions
                {
                    Model = new VectorNetConfig { SubgraphHidden = 64, Dim = 128, Depth = 1, Heads = 4, DecoderHidden = 256 },
                    Roads = new SyntheticRoadsOptions { Train = 10000, Test = 2000 },
                },
            },
            "paper" => common with
            {
                Epochs = PaperEpochs, Lr = 5e-4, WarmupEpochs = 0,
                TaskOptions = new MotionTaskOptions
                {
                    Model = new VectorNetConfig { SubgraphHidden = 64, Dim = 128, Depth = 1, Heads = 1, DecoderHidden = 256 },
                    Vectorizer = new VectorizerOptions { MaxAgents = 16, MaxLanes = 48, LaneRadius = 50 },
                    Roads = new SyntheticRoadsOptions { Train = 20000, Test = 4000 },
                },
            },
            _ => throw new UserInputException("--preset", $"unknown preset '{preset}' (known: quick, standard, paper)"),
        };
    }

    public void Validate(TrainOptions o)
    {
        TrainOptionsChecks.ValidateRecipe(o);
        var m = o.TaskOptionsAs<MotionTaskOptions>();
        m.Model.Validate();
        MotionModels.Check(m.Architecture);
        m.MmTransformer.Validate(m.Model.Modes);
        if (m.Vectorizer.MaxAgents < 0) throw new UserInputException("--max-agents", $"must be >= 0, got {m.Vectorizer.MaxAgents}");
        if (m.Vectorizer.MaxLanes < 0) throw new UserInputException("--max-lanes", $"must be >= 0, got {m.Vectorizer.MaxLanes}");
        if (!(m.Vectorizer.LaneRadius > 0)) throw new UserInputException("--lane-radius", $"must be positive, got {m.Vectorizer.LaneRadius}");
        if (m.Roads.Train < 1) throw new UserInputException("--roads-train", $"must be at least 1, got {m.Roads.Train}");
        if (m.Roads.Test < 1) throw new UserInputException("--roads-test", $"must be at least 1, got {m.Roads.Test}");
        if (!(m.Roads.Noise >= 0)) throw new UserInputException("--roads-noise", $"must be >= 0, got {m.Roads.Noise}");
        if (!(m.SmoothL1Beta > 0)) throw new UserInputException("--preset", "the smooth-L1 beta must be positive");
    }

    public ITaskEvaluator? Evaluator { get; } = new MotionEvaluator();
    public ITaskPredictor? Predictor { get; } = new MotionPredictor();
    public ITaskExplainer? Explainer { get; } = new MotionExplainer();

    public ITrainingTask Create(TrainOptions options, Device device, string? expectedLmChecksum) =>
        new MotionForecastingTask(options, device, expectedLmChecksum);
}
