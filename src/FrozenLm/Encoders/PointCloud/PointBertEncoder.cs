using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Encoders.PointCloud;

/// <summary>
/// Point-BERT's transformer trunk: group (FPS + kNN), tokenize (mini-PointNet), prepend CLS, and run the blocks with
/// the position embedding (an MLP of the centres, CLS gets a learned one) added before every block.
/// Input points [B, N, 3]; output tokens [B, 1 + G, dim] before the final norm.
/// </summary>
public sealed class PointBertEncoder : nn.Module<Tensor, Tensor>
{
    private readonly PointCloudTokenizer tokenizer;
    private readonly Parameter cls_token;
    private readonly Parameter cls_pos;
    private readonly Sequential pos_embed;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> blocks;
    private readonly PointGrouper _grouper;

    /// <param name="config">Sizes.</param>
    /// <param name="blocks">Transformer blocks mapping [B, T, dim] -> [B, T, dim] (pre-norm ViT blocks in practice).</param>
    public PointBertEncoder(PointBertConfig config, IEnumerable<nn.Module<Tensor, Tensor>> blocks)
        : base(nameof(PointBertEncoder))
    {
        config.Validate();
        Config = config;
        _grouper = new PointGrouper(config.Groups, config.GroupSize);
        tokenizer = new PointCloudTokenizer(config.PointNetHidden, config.EncoderDims, config.Dim);
        cls_token = nn.Parameter(zeros(1, 1, config.Dim));
        cls_pos = nn.Parameter(zeros(1, 1, config.Dim));
        pos_embed = nn.Sequential(nn.Linear(3, config.PosEmbedHidden), nn.GELU(), nn.Linear(config.PosEmbedHidden, config.Dim));
        this.blocks = nn.ModuleList(blocks.ToArray());
        RegisterComponents();
        PointBertInit.Apply(tokenizer);
        PointBertInit.Apply(pos_embed);
        PointBertInit.TruncNormal(cls_token, 0.02);
        PointBertInit.TruncNormal(cls_pos, 0.02);
    }

    public PointBertConfig Config { get; }

    /// <summary>Number of tokens the encoder emits per cloud (CLS + groups).</summary>
    public int TokenCount => 1 + Config.Groups;

    /// <summary>
    /// When set, receives "centres" [B, G, 3] (the group centres, in input coordinates) and "tokens" [B, 1 + G, dim]
    /// (the blocks' output) on every forward.
    /// </summary>
    public Action<string, Tensor>? Capture { get; set; }

    public override Tensor forward(Tensor points)
    {
        using var scope = NewDisposeScope();
        using var groups = _grouper.Group(points);
        Capture?.Invoke("centres", groups.Centres);
        var tokens = tokenizer.forward(groups.Neighbourhoods);                         // [B, G, D]
        var b = tokens.shape[0];
        var x = cat([cls_token.expand(b, -1, -1), tokens], 1);                         // [B, 1 + G, D]
        var pos = cat([cls_pos.expand(b, -1, -1), pos_embed.forward(groups.Centres)], 1); // [B, 1 + G, D]
        foreach (var block in blocks)
            x = block.forward(x.add(pos));
        Capture?.Invoke("tokens", x);
        return x.MoveToOuterDisposeScope();
    }
}
