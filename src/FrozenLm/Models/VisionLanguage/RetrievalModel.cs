using FrozenLm.Flops;
using FrozenLm.FrozenStage;
using FrozenLm.Layers;
using FrozenLm.Tensors;
using FrozenLm.Text;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Models.VisionLanguage;

/// <summary>
/// A small METER-style image-text retrieval model. Unimodal side (ALBEF / CLIP): the image ViT's [CLS]
/// (<c>vit.*</c>) through <c>vision_proj</c> and the text encoder's mean-pooled tokens through <c>text_proj</c>, both
/// L2-normalised, compared by cosine similarity scaled by the learned <c>logit_scale</c> (exp, at most 100). Fused side
/// (METER): the ViT's tokens and the text tokens through the merged-attention fusion (<see cref="MergedAttentionFusion"/>:
/// fusion blocks <c>blocks.{i}</c>, the LM stage <c>lm_stage</c> at its position, tail = after fusion); the pooled image
/// and text [CLS], concatenated, into <c>itm_score</c> (match / no match). The text encoder (<c>text_encoder.*</c>) is held here but run by the caller
/// (<see cref="EncodeText"/>), which may reuse cached features when it is frozen.
/// </summary>
public sealed class RetrievalModel : nn.Module
{
    private static readonly Scalar MaxLogitScale = 100.ToScalar();

    private readonly ImageTower vit;
    private readonly nn.Module<Tensor, Tensor, Tensor>? text_encoder;
    private readonly Linear vision_proj;
    private readonly Linear text_proj;
    private readonly Parameter logit_scale;
    private readonly MergedAttentionFusion _fusion;
    private readonly Linear itm_score;

    /// <param name="config">Shapes.</param>
    /// <param name="stage">The LM stage (or control), or null for the plain fusion.</param>
    /// <param name="position">Where the stage runs in the fusion trunk.</param>
    /// <param name="textEncoder">(input_ids, attention_mask) -> hidden [B, L, TextHidden]; null when the caller encodes text.</param>
    public RetrievalModel(RetrievalModelConfig config, LmStage? stage, LmStagePosition position, nn.Module<Tensor, Tensor, Tensor>? textEncoder)
        : base(nameof(RetrievalModel))
    {
        config.Validate();
        Config = config;
        vit = new ImageTower(config.Vit);
        text_encoder = textEncoder;
        vision_proj = nn.Linear(config.Dim, config.EmbedDim);
        text_proj = nn.Linear(config.TextHidden, config.EmbedDim);
        logit_scale = new Parameter(torch.tensor((float)Math.Log(1 / config.InitialTemperature)));
        _fusion = new MergedAttentionFusion(config, vit.NumTokens, stage, position);
        itm_score = nn.Linear(_fusion.PooledDim, 2);
        _fusion.RegisterIn(this);
        RegisterComponents();
        if (config.WeightInit != LinearInit.TruncNormal)
            Init.Defaults(vit, config.WeightInit);
        _fusion.Initialise(config.WeightInit, [vision_proj, text_proj], itm_score);
    }

    public RetrievalModelConfig Config { get; }

    /// <summary>Image tokens ahead of the text tokens in the merged sequence (patches + CLS).</summary>
    public int ImageTokens => _fusion.PrimaryTokens;

    public ImageTower Vit => vit;
    public StagedTrunk Trunk => _fusion.Trunk;
    public LmStage? Stage => Trunk.Stage;

    /// <summary>Receives the named intermediate tensors of the fusion trunk during <see cref="MatchLogits"/> (not detached).</summary>
    public Action<string, Tensor>? Capture { get; set; }

    /// <summary>
    /// Forward FLOPs of one training sample (an image and its caption of <paramref name="textTokens"/> tokens): the ViT,
    /// both projections, the text encoder when <paramref name="encodeText"/> (cached features of a frozen encoder cost
    /// nothing per step), and the fusion with the LM stage and matching head on <see cref="MatchPairsPerSample"/> pairs
    /// (the positive and its two hard negatives).
    /// </summary>
    public FlopCount TrainFlops(long textTokens, bool encodeText)
    {
        var count = vit.Flops() + ModuleFlops.RowWise(vision_proj, 1) + ModuleFlops.RowWise(text_proj, 1)
            + MatchPairsPerSample * (_fusion.Flops(textTokens) + ModuleFlops.RowWise(itm_score, 1));
        if (encodeText && text_encoder is TextEncoder encoder)
            count += encoder.Flops(textTokens);
        return count;
    }

    /// <summary>Pairs through the matching head per training sample: the positive, (image, hard text), (hard image, text).</summary>
    public const int MatchPairsPerSample = 3;

    /// <summary>The text encoder's hidden states [B, L, TextHidden] for token ids and attention mask [B, L] (int64).</summary>
    public Tensor EncodeText(Tensor inputIds, Tensor attentionMask) =>
        (text_encoder ?? throw new InvalidOperationException("this retrieval model holds no text encoder")).forward(inputIds, attentionMask);

    /// <summary>The image ViT's tokens [B, Ti, d] (shared by the unimodal embedding and the fusion).</summary>
    public Tensor ImageFeatures(Tensor images) => vit.forward(images);

    /// <summary>L2-normalised image embeddings [B, E] from the ViT's tokens: its [CLS] through <c>vision_proj</c>.</summary>
    public Tensor ImageEmbedding(Tensor imageFeatures)
    {
        using var scope = torch.NewDisposeScope();
        return nn.functional.normalize(vision_proj.forward(imageFeatures.select(1, 0)), p: 2, dim: 1).MoveToOuterDisposeScope();
    }

    /// <summary>L2-normalised text embeddings [B, E]: the text features averaged over the mask, through <c>text_proj</c>.</summary>
    public Tensor TextEmbedding(Tensor textHidden, Tensor textMask)
    {
        using var scope = torch.NewDisposeScope();
        return nn.functional.normalize(text_proj.forward(TextEncoder.MeanPool(textHidden, textMask)), p: 2, dim: 1).MoveToOuterDisposeScope();
    }

    /// <summary>The learned inverse temperature exp(<c>logit_scale</c>), at most 100 (CLIP), as a 0-d tensor.</summary>
    public Tensor LogitScale()
    {
        using var scope = torch.NewDisposeScope();
        return logit_scale.exp().clamp_max(MaxLogitScale).MoveToOuterDisposeScope();
    }

    /// <summary>Image-text matching logits [B, 2] (no match, match) of pairs (image features [B, Ti, d], text features [B, L, H] with mask [B, L]).</summary>
    public Tensor MatchLogits(Tensor imageFeatures, Tensor textHidden, Tensor textMask)
    {
        using var scope = torch.NewDisposeScope();
        return itm_score.forward(_fusion.Pool(_fusion.Fuse(imageFeatures, textHidden, textMask, Capture))).MoveToOuterDisposeScope();
    }
}
