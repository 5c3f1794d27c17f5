using FrozenLm.FrozenStage;
using FrozenLm.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Encoders;

/// <summary>
/// A ViT classifier with timm key names (<c>patch_embed.proj</c>, <c>cls_token</c>, <c>pos_embed</c>, <c>blocks.{i}</c>,
/// <c>norm</c>, <c>head</c>) and an optional LM stage (<c>lm_stage</c>) plugged in at the tail (between the last block and
/// the final norm, as in the paper), the middle, or the head of the block stack.
/// </summary>
/// <remarks>
/// Capture points reported through <see cref="Capture"/>. The tensors are not detached and belong to the forward's
/// dispose scope: keep one with <c>t.detach().clone().DetachFromDisposeScope()</c>.
/// "visual" = the stage input [B, T, d]; "vit_attn_probs" = the last ViT block's softmax weights [B, heads, T, T];
/// the stage adds "mapper_in", "lm_attn", "lm_ffn", "lm_attn_probs", "mapper_out" (see <c>LmStage</c>).
/// Without a stage, "visual" is the last block's output.
/// </remarks>
public sealed class VisionTransformer : nn.Module<Tensor, Tensor>
{
    private readonly PatchEmbedding patch_embed;
    private readonly Parameter cls_token;
    private readonly Parameter pos_embed;
    private readonly ModuleList<VitBlock> blocks;
    private readonly LmStage? lm_stage;
    private readonly LayerNorm norm;
    private readonly Linear head;

    public VisionTransformer(VitConfig config, LmStage? stage = null, LmStagePosition position = LmStagePosition.Tail)
        : base(nameof(VisionTransformer))
    {
        config.Validate();
        Config = config;
        Position = position;
        patch_embed = new PatchEmbedding(config.Channels, config.Dim, config.PatchSize, config.ImageSize);
        cls_token = nn.Parameter(torch.zeros(1, 1, config.Dim));
        pos_embed = nn.Parameter(torch.zeros(1, patch_embed.NumPatches + 1, config.Dim));
        blocks = new ModuleList<VitBlock>();
        for (var i = 0; i < config.Depth; i++)
        {
            var rate = config.Depth == 1 ? config.DropPath : config.DropPath * i / (config.Depth - 1);
            blocks.Add(new VitBlock(config.Dim, config.Heads, config.MlpRatio, rate));
        }
        norm = nn.LayerNorm(config.Dim, eps: 1e-6);
        head = nn.Linear(config.Dim, config.NumClasses);
        Init.TruncNormal(pos_embed);
        Init.TruncNormal(cls_token);
        foreach (var block in blocks)
            Init.VitDefaults(block);
        Init.VitDefaults(norm);
        Init.VitDefaults(head);
        lm_stage = stage;
        RegisterComponents();
    }

    public VitConfig Config { get; }
    public LmStagePosition Position { get; }

    /// <summary>The LM stage (or control) between the visual blocks, or null for the plain ViT.</summary>
    public LmStage? Stage => lm_stage;

    /// <summary>Receives the named intermediate tensors during forward; see the type's remarks for the names.</summary>
    public Action<string, Tensor>? Capture { get; set; }

    public int NumTokens => patch_embed.NumPatches + 1;

    /// <summary>Index of the block after which the stage runs (-1 = before the first block).</summary>
    public int StageAfterBlock => Position switch
    {
        LmStagePosition.Tail => Config.Depth - 1,
        LmStagePosition.Middle => Config.Depth / 2 - 1,
        _ => -1,
    };

    public override Tensor forward(Tensor images)
    {
        using var scope = torch.NewDisposeScope();
        return ForwardHead(ForwardFeatures(images)).MoveToOuterDisposeScope();
    }

    /// <summary>Tokens after the blocks, the LM stage and the final norm: [B, T, d] (T = patches + 1, CLS first).</summary>
    public Tensor ForwardFeatures(Tensor images)
    {
        using var scope = torch.NewDisposeScope();
        var capture = Capture;
        var x = patch_embed.forward(images);                                       // [B, N, d]
        var cls = cls_token.expand(x.shape[0], -1, -1);                            // [B, 1, d]
        x = torch.cat([cls, x], 1).add(pos_embed);                                 // [B, T, d]
        var stageAfter = Stage is null ? Config.Depth - 1 : StageAfterBlock;
        if (stageAfter < 0)
            x = RunStage(x, capture);
        var last = blocks.Count - 1;
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            block.Attn.CaptureProbs = capture is not null && i == last ? p => capture("vit_attn_probs", p) : null;
            try
            {
                x = block.forward(x);
            }
            finally
            {
                block.Attn.CaptureProbs = null;
            }
            if (i == stageAfter)
                x = RunStage(x, capture);
        }
        return norm.forward(x).MoveToOuterDisposeScope();
    }

    /// <summary>Class logits from the CLS token of <see cref="ForwardFeatures"/>: [B, classes].</summary>
    public Tensor ForwardHead(Tensor features)
    {
        using var scope = torch.NewDisposeScope();
        return head.forward(features.select(1, 0)).MoveToOuterDisposeScope();
    }

    private Tensor RunStage(Tensor x, Action<string, Tensor>? capture) => LmStage.Run(Stage, x, capture);
}
