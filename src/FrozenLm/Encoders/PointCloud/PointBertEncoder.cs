using FrozenLm.Flops;
using FrozenLm.FrozenStage;
using FrozenLm.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Encoders.PointCloud;

/// <summary>
/// Points -> tokens for Point-BERT: group (FPS centres + kNN), tokenize (mini-PointNet + linear), prepend CLS; the
/// position embedding (an MLP of the centres; CLS has a learned one) is returned apart, since Point-BERT adds it before
/// every block. Points [B, N, 3] -> tokens and position [B, 1 + G, dim]. Registered flat in its host (keys
/// <c>tokenizer.*</c>, <c>cls_token</c>, <c>cls_pos</c>, <c>pos_embed.*</c>). Capture point:
/// <see cref="CapturePoints.Centres"/> [B, G, 3] (token i + 1 belongs to centre i).
/// </summary>
public sealed class PointBertEncoder : ModulePart
{
    private readonly PointCloudTokenizer _tokenizer;
    private readonly Sequential _posEmbed;
    private readonly PointGrouper _grouper;

    public PointBertEncoder(PointBertConfig config)
    {
        config.Validate();
        Config = config;
        _grouper = new PointGrouper(config.Groups, config.GroupSize);
        var cls = nn.Parameter(zeros(1, 1, config.Dim));
        var clsPos = nn.Parameter(zeros(1, 1, config.Dim));
        Init.TruncNormal(cls, std: 0.02);
        Init.TruncNormal(clsPos, std: 0.02);
        AddParameter("cls_token", cls);
        AddParameter("cls_pos", clsPos);
        _tokenizer = AddModule("tokenizer", new PointCloudTokenizer(config.PointNetHidden, config.EncoderDims, config.Dim, config.InputChannels));
        _posEmbed = AddModule("pos_embed",
            nn.Sequential(nn.Linear(3, config.PosEmbedHidden), nn.GELU(), nn.Linear(config.PosEmbedHidden, config.Dim)));
        PointBertInit.Apply(_posEmbed);
    }

    public PointBertConfig Config { get; }

    /// <summary>Number of tokens per cloud (CLS + groups).</summary>
    public int TokenCount => 1 + Config.Groups;

    /// <summary>
    /// FLOPs per cloud: the tokenizer and the centres' position MLP, plus grouping outside the graph (farthest point
    /// sampling: one squared distance, 8 FLOPs, and a minimum per point and centre; kNN: one squared distance per
    /// centre and point).
    /// </summary>
    public FlopCount Flops()
    {
        long g = Config.Groups, n = Config.Points;
        return _tokenizer.Flops(g, Config.GroupSize) + ModuleFlops.RowWise(_posEmbed, g) + new FlopCount(0, 0, 0, 9.0 * g * n + 8.0 * g * n);
    }

    /// <summary>Groups a batch of clouds as the encoder does (FPS centres + kNN neighbourhoods).</summary>
    public PointGroups Group(Tensor points) => _grouper.Group(points);

    /// <summary>Points [B, N, C] (C = <see cref="PointBertConfig.InputChannels"/>) -> (tokens, position), both [B, 1 + G, dim], CLS first.</summary>
    public (Tensor Tokens, Tensor Position) Encode(Tensor points, Action<string, Tensor>? capture = null)
    {
        using var scope = NewDisposeScope();
        using var groups = _grouper.Group(points);
        capture?.Invoke(CapturePoints.Centres, groups.Centres);
        var tokens = _tokenizer.forward(groups.Neighbourhoods);                              // [B, G, D]
        var b = tokens.shape[0];
        var x = cat([GetParameter("cls_token").expand(b, -1, -1), tokens], 1);               // [B, 1 + G, D]
        var pos = cat([GetParameter("cls_pos").expand(b, -1, -1), _posEmbed.forward(groups.Centres)], 1); // [B, 1 + G, D]
        return (x.MoveToOuterDisposeScope(), pos.MoveToOuterDisposeScope());
    }
}
