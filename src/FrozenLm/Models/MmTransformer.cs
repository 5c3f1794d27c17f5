using FrozenLm.Flops;
using FrozenLm.Data.Motion;
using FrozenLm.Encoders.Motion;
using FrozenLm.FrozenStage;
using FrozenLm.Heads;
using FrozenLm.Layers;
using FrozenLm.Tasks.Motion;
using FrozenLm.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Models;

/// <summary>
/// mmTransformer (Liu et al., CVPR 2021) with an LM stage. Learned trajectory proposals (<c>query_embed</c>, regions x
/// proposals per region) pass three stacked transformers: the motion extractor <c>hist_tf</c> (the target's history
/// vectors, embedded by <c>hist_embed</c> plus the step embedding <c>hist_pos</c>), the map aggregator <c>lane_tf</c>
/// (lane-segment tokens) and the social constructor <c>social_tf</c> (agent tokens); lane and agent tokens are
/// VectorNet's (<c>subgraph</c> + <c>proj</c>). The proposal features then run through the staged trunk
/// (<c>blocks.{i}</c>: self-attention over the proposals, <c>lm_stage</c>), so the LM stage sits after the last stacked
/// transformer: tail = after the last proposal block, middle = after block depth/2 - 1, head = directly on the social
/// constructor's output. <c>norm</c> and the <see cref="ProposalHead"/> (<c>prediction_head</c>) give a trajectory and a
/// confidence per proposal; region-based training (<see cref="RegionBasedLoss"/>); the forecast is the K most
/// confident proposals. Captured tokens are the proposals, not polylines.
/// </summary>
public sealed class MmTransformer : nn.Module, IMotionForecaster
{
    public const string Name = "mmtransformer";
    private readonly PolylineSubgraph subgraph;
    private readonly Linear proj;
    private readonly Linear hist_embed;
    private readonly Parameter hist_pos;
    private readonly Parameter query_embed;
    private readonly StackedTransformer hist_tf;
    private readonly StackedTransformer lane_tf;
    private readonly StackedTransformer social_tf;
    private readonly StagedTrunk _trunk;
    private readonly LayerNorm norm;
    private readonly ProposalHead prediction_head;
    private readonly int _agents;
    private Tensor _regions;

    /// <summary>
    /// Builds the model for scenes of <paramref name="agents"/> agent polylines (the target, then the other agents; lane
    /// segments follow them) of <paramref name="vectors"/> vectors each, with the LM stage (or none) at its position.
    /// </summary>
    public MmTransformer(VectorNetConfig config, MmTransformerConfig mm, int agents, int vectors, LmStage? stage = null,
        LmStagePosition position = LmStagePosition.Tail)
        : base(nameof(MmTransformer))
    {
        Config = config;
        Mm = mm;
        _agents = agents;
        subgraph = new PolylineSubgraph(SceneVectorizer.FeatureDim, config.SubgraphHidden, config.SubgraphLayers);
        proj = nn.Linear(subgraph.OutputDim, config.Dim);
        hist_embed = nn.Linear(SceneVectorizer.FeatureDim, config.Dim);
        hist_pos = nn.Parameter(torch.zeros(1, vectors, config.Dim));
        query_embed = nn.Parameter(torch.zeros(1, mm.Proposals, config.Dim));
        hist_tf = new StackedTransformer(config.Dim, config.Heads, config.MlpRatio, mm.EncoderLayers, mm.DecoderLayers);
        lane_tf = new StackedTransformer(config.Dim, config.Heads, config.MlpRatio, mm.EncoderLayers, mm.DecoderLayers);
        social_tf = new StackedTransformer(config.Dim, config.Heads, config.MlpRatio, mm.EncoderLayers, mm.DecoderLayers);
        var blocks = Enumerable.Range(0, config.Depth).Select(_ => new VitBlock(config.Dim, config.Heads, config.MlpRatio, 0, qkvBias: true, normEps: 1e-5));
        _trunk = new StagedTrunk(blocks, stage, position);
        _trunk.RegisterIn(this);
        norm = nn.LayerNorm(config.Dim);
        prediction_head = new ProposalHead(config.Dim, config.DecoderHidden, mm.Proposals, config.FutureSteps);
        _regions = torch.zeros(mm.Regions, 2);
        RegisterComponents();
        using (torch.no_grad())
        {
            Init.VitDefaults(subgraph);
            Init.VitDefaults(proj);
            Init.VitDefaults(hist_embed);
            foreach (var block in _trunk.Blocks)
                Init.VitDefaults(block);
            Init.VitDefaults(norm);
            Init.VitDefaults(prediction_head);
            Init.TruncNormal(hist_pos);
            Init.TruncNormal(query_embed, std: 1.0);
        }
    }

    public VectorNetConfig Config { get; }
    public MmTransformerConfig Mm { get; }
    public string Architecture => Name;
    public nn.Module Module => this;
    public StagedTrunk Trunk => _trunk;
    public ProposalHead Head => prediction_head;
    public LmStage? Stage => _trunk.Stage;
    public bool TokensArePolylines => false;
    public Action<string, Tensor>? Capture { get; set; }

    /// <summary>The region centres [R, 2] (endpoints, feature units) that region-based training assigns the truth to.</summary>
    public Tensor Regions => _regions;

    /// <summary>Sets the region centres [R * 2] (row-major endpoints, feature units).</summary>
    public void SetRegions(float[] centres)
    {
        var previous = _regions;
        _regions = torch.tensor(centres, [Mm.Regions, 2]).to(query_embed.device);
        previous.Dispose();
    }

    /// <summary>
    /// FLOPs per scene: the subgraph on every vector, the projection on every polyline, the history embedding, the three
    /// stacked transformers (history: the target's vectors; map: the lane polylines; social: the agents), the trunk on
    /// the proposals and the prediction head on every proposal.
    /// </summary>
    public FlopCount Flops(long polylines, long vectors) =>
        ModuleFlops.RowWise(subgraph, polylines * vectors) + ModuleFlops.RowWise(proj, polylines) + ModuleFlops.RowWise(hist_embed, vectors)
        + hist_tf.Flops(Mm.Proposals, vectors) + lane_tf.Flops(Mm.Proposals, polylines - _agents) + social_tf.Flops(Mm.Proposals, _agents)
        + _trunk.Flops(Mm.Proposals) + ModuleFlops.RowWise(prediction_head, Mm.Proposals);

    /// <summary>Proposal features [B, M, d] after the three stacked transformers (before the trunk).</summary>
    public Tensor Proposals(Tensor vectors, Tensor vectorMask, Tensor polylineMask)
    {
        using var scope = torch.NewDisposeScope();
        var b = vectors.shape[0];
        var tokens = proj.forward(subgraph.forward(vectors, vectorMask));                                  // [B, P, d]
        var p = tokens.shape[1];
        var history = hist_embed.forward(vectors.select(1, 0)).add(hist_pos, Scalars.One);                 // [B, V, d]
        var x = query_embed.expand(b, Mm.Proposals, Config.Dim);
        x = hist_tf.forward(x, history, vectorMask.select(1, 0));
        x = lane_tf.forward(x, tokens.narrow(1, _agents, p - _agents), polylineMask.narrow(1, _agents, p - _agents));
        x = social_tf.forward(x, tokens.narrow(1, 0, _agents), polylineMask.narrow(1, 0, _agents));
        return x.MoveToOuterDisposeScope();
    }

    public (Tensor Trajectories, Tensor Logits) Forward(Tensor vectors, Tensor vectorMask, Tensor polylineMask)
    {
        using var scope = torch.NewDisposeScope();
        var x = _trunk.Forward(Proposals(vectors, vectorMask, polylineMask), capture: Capture);            // [B, M, d]
        var (trajectories, logits) = prediction_head.forward(norm.forward(x));
        return (trajectories.MoveToOuterDisposeScope(), logits.MoveToOuterDisposeScope());
    }

    /// <summary>The <see cref="VectorNetConfig.Modes"/> most confident proposals, most confident first.</summary>
    public (Tensor Trajectories, Tensor Logits) Select(Tensor trajectories, Tensor logits)
    {
        using var scope = torch.NewDisposeScope();
        var (n, steps) = (trajectories.shape[0], trajectories.shape[2]);
        var (top, index) = logits.topk(Config.Modes, 1);                                                   // [B, K]
        var picked = trajectories.gather(1, index.view(n, Config.Modes, 1, 1).expand(n, Config.Modes, steps, 2));
        return (picked.MoveToOuterDisposeScope(), top.MoveToOuterDisposeScope());
    }

    public Tensor Loss(Tensor trajectories, Tensor logits, Tensor truth, double smoothL1Beta) =>
        RegionLoss(trajectories, logits, truth, smoothL1Beta);

    private Tensor RegionLoss(Tensor trajectories, Tensor logits, Tensor truth, double beta)
    {
        using var regions = _regions.to(truth.device);
        return RegionBasedLoss.Compute(trajectories, logits, truth, regions, Mm.ProposalsPerRegion, beta);
    }

    /// <summary>
    /// Regions = k-means (seeded) of the training endpoints; every proposal of region r is anchored at the mean future of
    /// the training scenes whose endpoint is nearest r's centre (the straight line to the centre when none is).
    /// </summary>
    public void FitToTraining(IReadOnlyList<float[]> futures, int seed)
    {
        var steps = Config.FutureSteps;
        var endpoints = futures.Select(f => new[] { f[^2], f[^1] }).ToList();
        var centres = TrajectoryAnchors.KMeans(endpoints, Mm.Regions, seed);
        var sums = new double[Mm.Regions, steps * 2];
        var counts = new int[Mm.Regions];
        foreach (var future in futures)
        {
            var region = Nearest(centres, future[^2], future[^1]);
            counts[region]++;
            for (var j = 0; j < steps * 2; j++)
                sums[region, j] += future[j];
        }
        var anchors = new float[Mm.Proposals * steps * 2];
        for (var r = 0; r < Mm.Regions; r++)
        {
            var mean = new float[steps * 2];
            for (var j = 0; j < steps * 2; j++)
            {
                mean[j] = counts[r] > 0
                    ? (float)(sums[r, j] / counts[r])
                    : centres[2 * r + (j % 2)] * (j / 2 + 1) / (float)steps;
            }
            for (var q = 0; q < Mm.ProposalsPerRegion; q++)
                mean.CopyTo(anchors, (r * Mm.ProposalsPerRegion + q) * steps * 2);
        }
        SetRegions(centres);
        prediction_head.SetAnchors(anchors);
    }

    private int Nearest(float[] centres, float x, float y)
    {
        var best = 0;
        var bestDistance = double.MaxValue;
        for (var r = 0; r < Mm.Regions; r++)
        {
            var d = (centres[2 * r] - x) * (double)(centres[2 * r] - x) + (centres[2 * r + 1] - y) * (double)(centres[2 * r + 1] - y);
            if (d < bestDistance)
                (best, bestDistance) = (r, d);
        }
        return best;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _regions.Dispose();
        base.Dispose(disposing);
    }
}
