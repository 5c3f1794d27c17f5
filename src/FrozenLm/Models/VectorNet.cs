using FrozenLm.Flops;
using FrozenLm.Data.Motion;
using FrozenLm.Encoders.Motion;
using FrozenLm.FrozenStage;
using FrozenLm.Heads;
using FrozenLm.Layers;
using FrozenLm.Tasks.Motion;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Models;

/// <summary>
/// VectorNet with an LM stage: <see cref="PolylineSubgraph"/> (key <c>subgraph</c>) -> linear <c>proj</c> to one token
/// per polyline -> the global interaction graph as a <see cref="StagedTrunk"/> (<c>blocks.{i}</c>, <c>lm_stage</c>) ->
/// LayerNorm <c>norm</c> -> <see cref="TrajectoryHead"/> (<c>head</c>) on the target agent's token (polyline 0). The
/// trunk's attention has no key mask, so every scene is padded to the same polyline count and a padded polyline's token
/// is the learned <c>pad_token</c>: the padding is the same for every scene and the model learns to ignore it.
/// Capture points are the trunk's and the stage's, one token per polyline. Winner-takes-all training (<see cref="WinnerTakesAllLoss"/>).
/// </summary>
public sealed class VectorNet : nn.Module, IMotionForecaster
{
    public const string Name = "vectornet";
    private const string PadToken = "pad_token";
    private readonly PolylineSubgraph subgraph;
    private readonly Linear proj;
    private readonly StagedTrunk _trunk;
    private readonly LayerNorm norm;
    private readonly TrajectoryHead head;

    public VectorNet(VectorNetConfig config, LmStage? stage = null, LmStagePosition position = LmStagePosition.Tail)
        : base(nameof(VectorNet))
    {
        Config = config;
        subgraph = new PolylineSubgraph(SceneVectorizer.FeatureDim, config.SubgraphHidden, config.SubgraphLayers);
        proj = nn.Linear(subgraph.OutputDim, config.Dim);
        register_parameter(PadToken, nn.Parameter(zeros(config.Dim)));
        var blocks = Enumerable.Range(0, config.Depth).Select(_ => new VitBlock(config.Dim, config.Heads, config.MlpRatio, 0, qkvBias: true, normEps: 1e-5));
        _trunk = new StagedTrunk(blocks, stage, position);
        _trunk.RegisterIn(this);
        norm = nn.LayerNorm(config.Dim);
        head = new TrajectoryHead(config.Dim, config.DecoderHidden, config.Modes, config.FutureSteps);
        RegisterComponents();
        using (torch.no_grad())
        {
            Init.VitDefaults(subgraph);
            Init.VitDefaults(proj);
            foreach (var block in _trunk.Blocks)
                Init.VitDefaults(block);
            Init.VitDefaults(norm);
            Init.VitDefaults(head);
            Init.TruncNormal(get_parameter(PadToken)!);
        }
    }

    public VectorNetConfig Config { get; }
    public string Architecture => Name;
    public nn.Module Module => this;
    public bool TokensArePolylines => true;
    public PolylineSubgraph Subgraph => subgraph;
    public StagedTrunk Trunk => _trunk;
    public TrajectoryHead Head => head;
    public LmStage? Stage => _trunk.Stage;

    /// <summary>
    /// FLOPs per scene of <paramref name="polylines"/> polylines of <paramref name="vectors"/> vectors (padded ones
    /// included, as they are computed): the subgraph on every vector, the projection and the trunk on every polyline,
    /// the decoder on the target's token.
    /// </summary>
    public FlopCount Flops(long polylines, long vectors) =>
        ModuleFlops.RowWise(subgraph, polylines * vectors) + ModuleFlops.RowWise(proj, polylines) + _trunk.Flops(polylines)
        + ModuleFlops.RowWise(head, 1);

    /// <summary>Receives the named intermediate tensors during forward (the trunk's and the stage's capture points).</summary>
    public Action<string, Tensor>? Capture { get; set; }

    /// <summary>Polyline tokens [B, P, d] (padded polylines = the pad token) for vectors [B, P, V, F] and their masks.</summary>
    public Tensor Tokens(Tensor vectors, Tensor vectorMask, Tensor polylineMask)
    {
        using var scope = torch.NewDisposeScope();
        var tokens = proj.forward(subgraph.forward(vectors, vectorMask));                  // [B, P, d]
        var pad = get_parameter(PadToken)!.expand_as(tokens);
        return torch.where(polylineMask.unsqueeze(-1), tokens, pad).MoveToOuterDisposeScope();
    }

    /// <summary>Trajectories [B, K, T, 2] (feature units, target frame) and confidence logits [B, K].</summary>
    public (Tensor Trajectories, Tensor Logits) Forward(Tensor vectors, Tensor vectorMask, Tensor polylineMask)
    {
        using var scope = torch.NewDisposeScope();
        var tokens = _trunk.Forward(Tokens(vectors, vectorMask, polylineMask), capture: Capture);  // [B, P, d]
        var target = norm.forward(tokens.select(1, 0));                                              // [B, d]
        var (trajectories, logits) = head.forward(target);
        return (trajectories.MoveToOuterDisposeScope(), logits.MoveToOuterDisposeScope());
    }

    /// <summary>Every mode is forecast: the candidates are the K modes.</summary>
    public (Tensor Trajectories, Tensor Logits) Select(Tensor trajectories, Tensor logits) => (trajectories.alias(), logits.alias());

    public Tensor Loss(Tensor trajectories, Tensor logits, Tensor truth, double smoothL1Beta) =>
        WinnerTakesAllLoss.Compute(trajectories, logits, truth, smoothL1Beta);

    /// <summary>The decoder's anchors = k-means (seeded) of the training futures.</summary>
    public void FitToTraining(IReadOnlyList<float[]> futures, int seed) =>
        head.SetAnchors(TrajectoryAnchors.KMeans(futures, Config.Modes, seed));
}
