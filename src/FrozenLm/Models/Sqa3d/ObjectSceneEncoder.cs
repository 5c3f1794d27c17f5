using FrozenLm.Encoders.PointCloud;
using FrozenLm.FrozenStage;
using FrozenLm.Layers;
using FrozenLm.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Models.Sqa3d;

/// <summary>
/// Object-level scene tokens: for each object segment of a scene, a <see cref="SegmentPointNet"/> over its points (xyz
/// relative to the object's centroid, scaled so its farthest point is at distance 1, then rgb; the usual per-object
/// normalisation of 3D vision-language object encoders, which leaves size to the box) mapped to the width (<c>tokenizer.*</c>, <c>reduce_dim</c>), plus an
/// embedding of the object's box, its centroid and its extent along x, y, z (<c>box_embed</c>); a [CLS] first
/// (<c>cls_token</c>), then <c>blocks.{i}</c> with attention kept off empty slots. Points [B, N, 6] and segments [B, N]
/// (int64: -1 = no object, else the object's slot in [0, S)) -> tokens [B, 1 + S, dim] and their mask [B, 1 + S]
/// (false = an empty slot, whose token is zero). Capture point: <see cref="CapturePoints.Centres"/>, the centroids [B, S, 3].
/// </summary>
public sealed class ObjectSceneEncoder : nn.Module
{
    private readonly Parameter cls_token;
    private readonly SegmentPointNet tokenizer;
    private readonly Linear reduce_dim;
    private readonly Sequential box_embed;
    private readonly StagedTrunk _trunk;

    /// <param name="config">Widths, blocks and point channels (its grouping sizes are not used).</param>
    /// <param name="objects">Object slots S per scene.</param>
    public ObjectSceneEncoder(PointBertConfig config, int objects)
        : base(nameof(ObjectSceneEncoder))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(objects, 1);
        Config = config;
        Objects = objects;
        cls_token = nn.Parameter(zeros(1, 1, config.Dim));
        tokenizer = new SegmentPointNet(config.PointNetHidden, config.EncoderDims, config.InputChannels, objects);
        reduce_dim = nn.Linear(config.EncoderDims, config.Dim);
        box_embed = nn.Sequential(nn.Linear(6, config.PosEmbedHidden), nn.GELU(), nn.Linear(config.PosEmbedHidden, config.Dim));
        _trunk = new StagedTrunk(Enumerable.Range(0, config.Depth)
            .Select(_ => new VitBlock(config.Dim, config.Heads, config.MlpRatio, 0, config.QkvBias, config.NormEps)), null, LmStagePosition.Tail);
        _trunk.RegisterIn(this);
        RegisterComponents();
        Init.TruncNormal(cls_token, std: 0.02);
        foreach (var block in _trunk.Blocks)
            PointBertInit.Apply(block);
    }

    /// <summary>Smallest object radius the points are scaled by (keeps a one-point object finite).</summary>
    public const float MinRadius = 1e-3f;

    public PointBertConfig Config { get; }

    /// <summary>Object slots per scene.</summary>
    public int Objects { get; }

    /// <summary>Tokens per scene (CLS + object slots).</summary>
    public int TokenCount => 1 + Objects;

    /// <summary>The point MLPs, the reduction, the box MLP and the blocks, for FLOP counting.</summary>
    public SegmentPointNet Tokenizer => tokenizer;
    public Linear ReduceDim => reduce_dim;
    public Sequential BoxEmbed => box_embed;
    public StagedTrunk Trunk => _trunk;

    /// <summary>Points [B, N, C] and segments [B, N] -> (tokens [B, 1 + S, dim], mask [B, 1 + S] bool); <paramref name="capture"/> gets the centroids.</summary>
    public (Tensor Tokens, Tensor Mask) Forward(Tensor points, Tensor segments, Action<string, Tensor>? capture = null)
    {
        using var scope = NewDisposeScope();
        var b = points.shape[0];
        var xyz = points.narrow(2, 0, 3);
        var member = nn.functional.one_hot(segments.add(Scalars.One, Scalars.One), Objects + 1).narrow(2, 1, Objects).to(points.dtype); // [B, N, S]
        var counts = member.sum(1);                                                             // [B, S]
        var present = counts.gt(Scalars.Zero);                                                  // [B, S]
        var centroid = member.transpose(1, 2).bmm(xyz).div(counts.clamp_min(Scalars.One).unsqueeze(2)); // [B, S, 3]
        capture?.Invoke(CapturePoints.Centres, centroid);
        var offset = xyz.sub(member.bmm(centroid));                                             // [B, N, 3]
        var inside = member.sum(2, keepdim: true);                                              // [B, N, 1], 1 on an object
        using var minRadius = MinRadius.ToScalar();
        var radius = SegmentPointNet.SegmentMax(offset.mul(offset).sum(2, keepdim: true).sqrt(), segments, Objects); // [B, S, 1]
        var relative = offset.div(member.bmm(radius).clamp_min(minRadius)).mul(inside);        // [B, N, 3], unit radius; 0 off the objects
        var high = SegmentPointNet.SegmentMax(xyz, segments, Objects);
        var low = SegmentPointNet.SegmentMax(xyz.neg(), segments, Objects).neg();
        var box = cat([centroid, high.sub(low)], 2);                                           // [B, S, 6]
        var features = cat([relative, points.narrow(2, 3, points.shape[2] - 3)], 2);           // [B, N, C]
        var keep = present.unsqueeze(2).to(points.dtype);
        var tokens = reduce_dim.forward(tokenizer.forward(features, segments)).add(box_embed.forward(box), Scalars.One).mul(keep); // [B, S, d]
        var x = cat([cls_token.expand(b, -1, -1), tokens], 1);                                  // [B, 1 + S, d]
        var mask = cat([ones(b, 1, ScalarType.Bool, points.device), present], 1);             // [B, 1 + S]
        var y = _trunk.Forward(x, keyMask: mask);
        return (y.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope());
    }
}
