using FrozenLm.FrozenStage;
using FrozenLm.Layers;
using FrozenLm.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Models.VisionLanguage;

/// <summary>
/// METER's merged-attention fusion, shared by the VQA and retrieval models: image tokens and text tokens, each mapped to
/// the fusion width (<c>cross_modal_image_transform</c>, <c>cross_modal_text_transform</c>) and tagged with a modality
/// embedding (<c>token_type_embeddings</c>: 0 text, 1 image), concatenated (image first) and run through the staged
/// trunk (fusion blocks <c>blocks.{i}</c>, the LM stage <c>lm_stage</c> at its position) and <c>norm</c>; then the fused
/// image and text [CLS] through <c>cross_modal_image_pooler</c> and <c>cross_modal_text_pooler</c>. Text padding is
/// masked out of the fusion blocks' attention. A <see cref="ModulePart"/>: its host registers these keys flat.
/// </summary>
public sealed class MergedAttentionFusion : ModulePart
{
    private readonly Linear _imageTransform;
    private readonly Linear _textTransform;
    private readonly Embedding _tokenTypes;
    private readonly LayerNorm _norm;
    private readonly CrossModalPooler _imagePooler;
    private readonly CrossModalPooler _textPooler;

    /// <param name="config">Fusion width, depth, heads and the text encoder's hidden size.</param>
    /// <param name="imageTokens">Image tokens ahead of the text tokens (patches + CLS); the text [CLS] follows them.</param>
    /// <param name="stage">The LM stage (or control), or null for the plain fusion.</param>
    /// <param name="position">Where the stage runs in the fusion trunk.</param>
    public MergedAttentionFusion(MergedFusionConfig config, int imageTokens, LmStage? stage, LmStagePosition position)
    {
        var d = config.Dim;
        _imageTransform = AddModule("cross_modal_image_transform", nn.Linear(d, d));
        _textTransform = AddModule("cross_modal_text_transform", nn.Linear(config.TextHidden, d));
        _tokenTypes = AddModule("token_type_embeddings", nn.Embedding(2, d));
        Trunk = AddPart(new StagedTrunk(
            Enumerable.Range(0, config.FusionDepth).Select(_ => new VitBlock(d, config.FusionHeads, config.Vit.MlpRatio, 0)), stage, position));
        _norm = AddModule("norm", nn.LayerNorm(d, eps: 1e-6));
        ImageTokens = imageTokens;
        PooledDim = 2 * d;
        _imagePooler = AddModule("cross_modal_image_pooler", new CrossModalPooler(d, 0));
        _textPooler = AddModule("cross_modal_text_pooler", new CrossModalPooler(d, imageTokens));
    }

    public StagedTrunk Trunk { get; }

    /// <summary>Image tokens ahead of the text tokens in the merged sequence.</summary>
    public int ImageTokens { get; }

    /// <summary>Width of the pooled output of <see cref="Pool"/> (image and text [CLS] side by side).</summary>
    public int PooledDim { get; }

    /// <summary>
    /// Initialises, after the host registered the part, in this order (the draws of the models before the part was
    /// shared): the fusion blocks, <paramref name="unimodal"/> (the host's modules on the unimodal side), the transforms,
    /// <c>norm</c> and poolers, <paramref name="head"/>, then the modality embeddings (std 0.02).
    /// </summary>
    public void Initialise(LinearInit linearInit, IEnumerable<nn.Module> unimodal, nn.Module head)
    {
        foreach (var block in Trunk.Blocks)
            Init.Defaults(block, linearInit);
        foreach (var m in unimodal.Concat([_imageTransform, _textTransform, _norm, _imagePooler, _textPooler, head]))
            Init.Defaults(m, linearInit);
        Init.TruncNormal(_tokenTypes.weight!);
    }

    /// <summary>
    /// The merged sequence after fusion, the LM stage and the final norm: [B, Ti + L, d], image tokens first, for image
    /// tokens [B, Ti, d] and text features [B, L, TextHidden] with mask [B, L].
    /// </summary>
    public Tensor Fuse(Tensor imageTokens, Tensor textHidden, Tensor textMask, Action<string, Tensor>? capture = null)
    {
        using var scope = torch.NewDisposeScope();
        var image = _imageTransform.forward(imageTokens).add(_tokenTypes.weight!.select(0, 1), Scalars.One);    // [B, Ti, d]
        var text = _textTransform.forward(textHidden).add(_tokenTypes.weight!.select(0, 0), Scalars.One);       // [B, L, d]
        var imageMask = torch.ones(image.shape[0], image.shape[1], ScalarType.Bool, device: image.device);
        var mask = torch.cat([imageMask, textMask.to(ScalarType.Bool)], 1);                                    // [B, Ti + L]
        var fused = Trunk.Forward(torch.cat([image, text], 1), capture: capture, keyMask: mask);
        return _norm.forward(fused).MoveToOuterDisposeScope();
    }

    /// <summary>The fused image and text [CLS] through their poolers, side by side: [B, Ti + L, d] -> [B, 2d].</summary>
    public Tensor Pool(Tensor fused)
    {
        using var scope = torch.NewDisposeScope();
        return torch.cat([_imagePooler.forward(fused), _textPooler.forward(fused)], 1).MoveToOuterDisposeScope();
    }
}
