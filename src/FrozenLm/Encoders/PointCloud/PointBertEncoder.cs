using FrozenLm.FrozenStage;
using FrozenLm.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Encoders.PointCloud;

/// <summary>
/// Point-BERT's transformer trunk: group (FPS + kNN), tokenize (mini-PointNet), prepend CLS, and run pre-norm ViT
/// blocks with the position embedding (an MLP of the centres; CLS has a learned one) added before every block. An
/// optional LM stage (<c>lm_stage</c>) runs after the last block (tail, the paper), the middle block, or before the
/// first. Input points [B, N, 3]; output tokens [B, 1 + G, dim] before the final norm.
/// </summary>
/// <remarks>
/// Capture points (not detached): "centres" [B, G, 3] (group centres in input coordinates, token i + 1 belongs to
/// centre i), "visual" (the stage input, or the last block's output without a stage) [B, 1 + G, dim],
/// "vit_attn_probs" (the last block's softmax weights [B, heads, T, T]); the stage adds its own points.
/// </remarks>
public sealed class PointBertEncoder : nn.Module<Tensor, Tensor>
{
    private readonly PointCloudTokenizer tokenizer;
    private readonly Parameter cls_token;
    private readonly Parameter cls_pos;
    private readonly Sequential pos_embed;
    private readonly ModuleList<VitBlock> blocks;
    private readonly LmStage? lm_stage;
    private readonly PointGrouper _grouper;

    public PointBertEncoder(PointBertConfig config, LmStage? stage = null, LmStagePosition position = LmStagePosition.Tail)
        : base(nameof(PointBertEncoder))
    {
        config.Validate();
        Config = config;
        Position = position;
        _grouper = new PointGrouper(config.Groups, config.GroupSize);
        tokenizer = new PointCloudTokenizer(config.PointNetHidden, config.EncoderDims, config.Dim);
        cls_token = nn.Parameter(zeros(1, 1, config.Dim));
        cls_pos = nn.Parameter(zeros(1, 1, config.Dim));
        pos_embed = nn.Sequential(nn.Linear(3, config.PosEmbedHidden), nn.GELU(), nn.Linear(config.PosEmbedHidden, config.Dim));
        blocks = new ModuleList<VitBlock>();
        for (var i = 0; i < config.Depth; i++)
        {
            var rate = config.Depth <= 1 ? config.DropPath : config.DropPath * i / (config.Depth - 1);
            blocks.Add(new VitBlock(config.Dim, config.Heads, config.MlpRatio, rate));
        }
        PointBertInit.Apply(pos_embed);
        foreach (var block in blocks)
            PointBertInit.Apply(block);
        PointBertInit.TruncNormal(cls_token, 0.02);
        PointBertInit.TruncNormal(cls_pos, 0.02);
        lm_stage = stage;
        RegisterComponents();
    }

    public PointBertConfig Config { get; }
    public LmStagePosition Position { get; }
    public LmStage? Stage => lm_stage;

    /// <summary>Number of tokens the encoder emits per cloud (CLS + groups).</summary>
    public int TokenCount => 1 + Config.Groups;

    /// <summary>Index of the block after which the stage runs (-1 = before the first block).</summary>
    public int StageAfterBlock => Position switch
    {
        LmStagePosition.Tail => Config.Depth - 1,
        LmStagePosition.Middle => Config.Depth / 2 - 1,
        _ => -1,
    };

    /// <summary>Receives the named intermediate tensors during forward; see the type's remarks.</summary>
    public Action<string, Tensor>? Capture { get; set; }

    /// <summary>Groups a batch of clouds as the encoder does (FPS centres + kNN neighbourhoods).</summary>
    public PointGroups Group(Tensor points) => _grouper.Group(points);

    public override Tensor forward(Tensor points)
    {
        using var scope = NewDisposeScope();
        var capture = Capture;
        using var groups = _grouper.Group(points);
        capture?.Invoke("centres", groups.Centres);
        var tokens = tokenizer.forward(groups.Neighbourhoods);                         // [B, G, D]
        var b = tokens.shape[0];
        var x = cat([cls_token.expand(b, -1, -1), tokens], 1);                         // [B, 1 + G, D]
        var pos = cat([cls_pos.expand(b, -1, -1), pos_embed.forward(groups.Centres)], 1); // [B, 1 + G, D]
        var stageAfter = lm_stage is null ? blocks.Count - 1 : StageAfterBlock;
        if (stageAfter < 0)
            x = RunStage(x, capture);
        var last = blocks.Count - 1;
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            block.Attn.CaptureProbs = capture is not null && i == last ? p => capture("vit_attn_probs", p) : null;
            try
            {
                x = block.forward(x.add(pos));
            }
            finally
            {
                block.Attn.CaptureProbs = null;
            }
            if (i == stageAfter)
                x = RunStage(x, capture);
        }
        return x.MoveToOuterDisposeScope();
    }

    private Tensor RunStage(Tensor x, Action<string, Tensor>? capture) => LmStage.Run(lm_stage, x, capture);
}
