using FrozenLm.Flops;
using FrozenLm.FrozenStage;
using FrozenLm.Layers;
using FrozenLm.Text;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Models.VisionLanguage;

/// <summary>
/// A small METER-style VQA model: the image ViT's tokens (<c>vit.*</c>) and the text encoder's tokens through the
/// merged-attention fusion (<see cref="MergedAttentionFusion"/>: <c>cross_modal_*_transform</c>,
/// <c>token_type_embeddings</c>, fusion blocks <c>blocks.{i}</c> with the LM stage <c>lm_stage</c> at its position —
/// tail = after fusion, as the paper places it in METER — <c>norm</c> and the two poolers). METER's head follows: the
/// pooled image and text [CLS], concatenated, into <c>vqa_classifier</c>. The text encoder (<c>text_encoder.*</c>, Hugging Face BERT keys) is held here but run by
/// the caller (<see cref="EncodeText"/>), which may reuse cached features when it is frozen.
/// </summary>
/// <remarks>
/// Capture points through <see cref="Capture"/>: the trunk's and the stage's (<see cref="CapturePoints"/>), over the
/// merged sequence (image tokens first, then text tokens).
/// </remarks>
public sealed class VqaFusionModel : nn.Module
{
    private readonly ImageTower vit;
    private readonly nn.Module<Tensor, Tensor, Tensor>? text_encoder;
    private readonly MergedAttentionFusion _fusion;
    private readonly nn.Module<Tensor, Tensor> vqa_classifier;
    private readonly QuestionOnlyModel? question_only;

    /// <param name="config">Shapes.</param>
    /// <param name="stage">The LM stage (or control), or null for the plain fusion.</param>
    /// <param name="position">Where the stage runs in the fusion trunk.</param>
    /// <param name="textEncoder">(input_ids, attention_mask) -> hidden [B, L, TextHidden]; null when the caller encodes text.</param>
    /// <param name="withQuestionOnly">Also hold the question-only baseline (<c>question_only.*</c>), trained alongside.</param>
    public VqaFusionModel(VqaModelConfig config, LmStage? stage, LmStagePosition position,
        nn.Module<Tensor, Tensor, Tensor>? textEncoder, bool withQuestionOnly)
        : base(nameof(VqaFusionModel))
    {
        config.Validate();
        Config = config;
        vit = new ImageTower(config.Vit);
        text_encoder = textEncoder;
        _fusion = new MergedAttentionFusion(config, vit.NumTokens, stage, position);
        vqa_classifier = VqaClassifier.Create(_fusion.PooledDim, config.Answers);
        question_only = withQuestionOnly
            ? new QuestionOnlyModel(config.Dim, config.TextHidden, config.FusionDepth, config.FusionHeads, config.Vit.MlpRatio, config.Answers, config.WeightInit)
            : null;
        _fusion.RegisterIn(this);
        RegisterComponents();
        if (config.WeightInit != LinearInit.TruncNormal)
            Init.Defaults(vit, config.WeightInit);
        _fusion.Initialise(config.WeightInit, [], vqa_classifier);
    }

    public VqaModelConfig Config { get; }

    /// <summary>Image tokens ahead of the text tokens in the merged sequence (patches + CLS).</summary>
    public int ImageTokens => _fusion.PrimaryTokens;

    public ImageTower Vit => vit;
    public StagedTrunk Trunk => _fusion.Trunk;
    public LmStage? Stage => Trunk.Stage;
    public LmStagePosition Position => Trunk.Position;

    /// <summary>The question-only baseline, or null when the model was built without it.</summary>
    public QuestionOnlyModel? QuestionOnly => question_only;

    /// <summary>Receives the named intermediate tensors during <see cref="Logits"/> (not detached).</summary>
    public Action<string, Tensor>? Capture { get; set; }

    /// <summary>
    /// Forward FLOPs of one question of <paramref name="textTokens"/> tokens with its image: the ViT, the fusion with the
    /// LM stage, the head, the question-only baseline when held, and the text encoder when <paramref name="encodeText"/>
    /// (a frozen encoder's cached features cost nothing per step).
    /// </summary>
    public FlopCount Flops(long textTokens, bool encodeText)
    {
        var count = vit.Flops() + _fusion.Flops(textTokens) + ModuleFlops.RowWise(vqa_classifier, 1);
        if (question_only is not null)
            count += question_only.Flops(textTokens);
        if (encodeText && text_encoder is TextEncoder encoder)
            count += encoder.Flops(textTokens);
        return count;
    }

    /// <summary>The text encoder's hidden states [B, L, TextHidden] for token ids and attention mask [B, L] (int64).</summary>
    public Tensor EncodeText(Tensor inputIds, Tensor attentionMask) =>
        (text_encoder ?? throw new InvalidOperationException("this VQA model holds no text encoder")).forward(inputIds, attentionMask);

    /// <summary>Answer logits [B, answers] for images [B, 3, S, S] and text features [B, L, TextHidden] with mask [B, L].</summary>
    public Tensor Logits(Tensor images, Tensor textHidden, Tensor textMask)
    {
        using var scope = torch.NewDisposeScope();
        return vqa_classifier.forward(_fusion.Pool(Fuse(images, textHidden, textMask))).MoveToOuterDisposeScope();
    }

    /// <summary>The merged sequence after fusion, the LM stage and the final norm: [B, Ti + L, d], image tokens first.</summary>
    public Tensor Fuse(Tensor images, Tensor textHidden, Tensor textMask)
    {
        using var scope = torch.NewDisposeScope();
        return _fusion.Fuse(vit.forward(images), textHidden, textMask, Capture).MoveToOuterDisposeScope();
    }
}
