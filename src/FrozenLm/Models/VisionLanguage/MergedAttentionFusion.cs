using FrozenLm.Flops;
using FrozenLm.FrozenStage;
using FrozenLm.Layers;
using FrozenLm.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Models.VisionLanguage;

/// <summary>
/// METER's merged-attention fusion, shared by the VQA and retrieval models (primary modality <c>image</c>) and the
/// situated 3D QA model (<c>scene</c>): the primary tokens and the text tokens, each mapped to the fusion width
/// (<c>cross_modal_{modality}_transform</c>, <c>cross_modal_text_transform</c>) and tagged with a modality embedding
/// (<c>token_type_embeddings</c>: 0 text, 1 primary), concatenated (primary first) and run through the staged trunk
/// (fusion blocks <c>blocks.{i}</c>, the LM stage <c>lm_stage</c> at its position) and <c>norm</c>; then the fused primary
/// and text [CLS] through <c>cross_modal_{modality}_pooler</c> and <c>cross_modal_text_pooler</c>. Text padding is
/// masked out of the fusion blocks' attention. A <see cref="ModulePart"/>: its host registers these keys flat.
/// </summary>
public sealed class MergedAttentionFusion : ModulePart
{
    private readonly Linear _primaryTransform;
    private readonly Linear _textTransform;
    private readonly Embedding _tokenTypes;
    private readonly LayerNorm _norm;
    private readonly CrossModalPooler _primaryPooler;
    private readonly CrossModalPooler _textPooler;

    /// <summary>The image fusion of the vision-language models: the ViT's tokens (its width the fusion width).</summary>
    /// <param name="config">Fusion width, depth, heads and the text encoder's hidden size.</param>
    /// <param name="imageTokens">Image tokens ahead of the text tokens (patches + CLS); the text [CLS] follows them.</param>
    /// <param name="stage">The LM stage (or control), or null for the plain fusion.</param>
    /// <param name="position">Where the stage runs in the fusion trunk.</param>
    public MergedAttentionFusion(MergedFusionConfig config, int imageTokens, LmStage? stage, LmStagePosition position)
        : this("image", imageTokens, config.Dim, config.Dim, config.TextHidden, config.FusionDepth, config.FusionHeads, config.Vit.MlpRatio,
            stage, position)
    {
    }

    /// <param name="modality">Key infix of the primary modality (<c>image</c>, <c>scene</c>).</param>
    /// <param name="primaryTokens">Primary tokens ahead of the text tokens (their [CLS] first); the text [CLS] follows them.</param>
    /// <param name="primaryDim">Width of the primary tokens.</param>
    /// <param name="dim">Fusion width.</param>
    /// <param name="textHidden">Width of the text encoder's states.</param>
    /// <param name="depth">Fusion blocks.</param>
    /// <param name="heads">Fusion attention heads.</param>
    /// <param name="mlpRatio">MLP hidden width / width of the fusion blocks.</param>
    /// <param name="stage">The LM stage (or control), or null for the plain fusion.</param>
    /// <param name="position">Where the stage runs in the fusion trunk.</param>
    public MergedAttentionFusion(string modality, int primaryTokens, int primaryDim, int dim, int textHidden, int depth, int heads,
        double mlpRatio, LmStage? stage, LmStagePosition position)
    {
        _primaryTransform = AddModule($"cross_modal_{modality}_transform", nn.Linear(primaryDim, dim));
        _textTransform = AddModule("cross_modal_text_transform", nn.Linear(textHidden, dim));
        _tokenTypes = AddModule("token_type_embeddings", nn.Embedding(2, dim));
        Trunk = AddPart(new StagedTrunk(Enumerable.Range(0, depth).Select(_ => new VitBlock(dim, heads, mlpRatio, 0)), stage, position));
        _norm = AddModule("norm", nn.LayerNorm(dim, eps: 1e-6));
        PrimaryTokens = primaryTokens;
        PooledDim = 2 * dim;
        _primaryPooler = AddModule($"cross_modal_{modality}_pooler", new CrossModalPooler(dim, 0));
        _textPooler = AddModule("cross_modal_text_pooler", new CrossModalPooler(dim, primaryTokens));
    }

    public StagedTrunk Trunk { get; }

    /// <summary>Primary (image or scene) tokens ahead of the text tokens in the merged sequence.</summary>
    public int PrimaryTokens { get; }

    /// <summary>Width of the pooled output of <see cref="Pool"/> (image and text [CLS] side by side).</summary>
    public int PooledDim { get; }

    /// <summary>
    /// Initialises, after the host registered the part, in this order (the draws of the models before the part was
    /// shared): the fusion blocks, <paramref name="unimodal"/> (the host's modules on the unimodal side), the transforms,
    /// <c>norm</c> and poolers, <paramref name="heads"/>, then the modality embeddings (std 0.02).
    /// </summary>
    public void Initialise(LinearInit linearInit, IEnumerable<nn.Module> unimodal, params nn.Module[] heads)
    {
        foreach (var block in Trunk.Blocks)
            Init.Defaults(block, linearInit);
        foreach (var m in unimodal.Concat([_primaryTransform, _textTransform, _norm, _primaryPooler, _textPooler]).Concat(heads))
            Init.Defaults(m, linearInit);
        Init.TruncNormal(_tokenTypes.weight!);
    }

    /// <summary>
    /// The merged sequence after fusion, the LM stage and the final norm: [B, Ti + L, d], image tokens first, for image
    /// tokens [B, Ti, d] and text features [B, L, TextHidden] with mask [B, L]. <paramref name="imageMask"/> [B, Ti]
    /// (bool, true = a real token; null = all) keeps the blocks' attention off empty primary slots.
    /// </summary>
    public Tensor Fuse(Tensor imageTokens, Tensor textHidden, Tensor textMask, Action<string, Tensor>? capture = null, Tensor? imageMask = null)
    {
        using var scope = torch.NewDisposeScope();
        var image = _primaryTransform.forward(imageTokens).add(_tokenTypes.weight!.select(0, 1), Scalars.One);    // [B, Ti, d]
        var text = _textTransform.forward(textHidden).add(_tokenTypes.weight!.select(0, 0), Scalars.One);       // [B, L, d]
        imageMask ??= torch.ones(image.shape[0], image.shape[1], ScalarType.Bool, device: image.device);
        var mask = torch.cat([imageMask.to(ScalarType.Bool), textMask.to(ScalarType.Bool)], 1);               // [B, Ti + L]
        var fused = Trunk.Forward(torch.cat([image, text], 1), capture: capture, keyMask: mask);
        return _norm.forward(fused).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Forward FLOPs of one fused pair with <paramref name="textTokens"/> text tokens: both transforms, the fusion blocks
    /// and the LM stage over the merged sequence, and the two poolers (the modality embeddings are additions).
    /// </summary>
    public FlopCount Flops(long textTokens) =>
        ModuleFlops.RowWise(_primaryTransform, PrimaryTokens) + ModuleFlops.RowWise(_textTransform, textTokens)
        + Trunk.Flops(PrimaryTokens + textTokens) + ModuleFlops.RowWise(_primaryPooler, 1) + ModuleFlops.RowWise(_textPooler, 1);

    /// <summary>The fused image and text [CLS] through their poolers, side by side: [B, Ti + L, d] -> [B, 2d].</summary>
    public Tensor Pool(Tensor fused)
    {
        using var scope = torch.NewDisposeScope();
        return torch.cat([_primaryPooler.forward(fused), _textPooler.forward(fused)], 1).MoveToOuterDisposeScope();
    }
}
