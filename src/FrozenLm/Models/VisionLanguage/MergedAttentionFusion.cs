using FrozenLm.Tensors;
using FrozenLm.FrozenStage;
using FrozenLm.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Models.VisionLanguage;

/// <summary>
/// METER's merged-attention fusion, shared by the VQA model (image tokens) and the situated 3D QA model (scene tokens):
/// the primary modality's tokens and the text tokens, each mapped to the fusion width (<c>cross_modal_{modality}_transform</c>,
/// <c>cross_modal_text_transform</c>) and tagged with a modality embedding (<c>token_type_embeddings</c>: 0 text, 1 the
/// primary modality), are concatenated and run through the staged trunk (<c>blocks.{i}</c>, the LM stage <c>lm_stage</c>
/// at its position) and a final <c>norm</c>; the poolers (<c>cross_modal_{modality}_pooler</c>, <c>cross_modal_text_pooler</c>)
/// read the primary [CLS] and the text [CLS]. Registered flat in its host, like a <see cref="ModulePart"/>.
/// </summary>
public sealed class MergedAttentionFusion
{
    private readonly string _modality;
    private readonly Linear _primaryTransform;
    private readonly Linear _textTransform;
    private readonly Embedding _tokenTypes;
    private readonly StagedTrunk _trunk;
    private readonly LayerNorm _norm;
    private readonly CrossModalPooler _primaryPooler;
    private readonly CrossModalPooler _textPooler;

    /// <param name="modality">Key infix of the primary modality (<c>image</c>, <c>scene</c>).</param>
    /// <param name="primaryTokens">Tokens of the primary modality ahead of the text (its [CLS] first).</param>
    /// <param name="primaryDim">Width of the primary tokens.</param>
    /// <param name="dim">Fusion width.</param>
    /// <param name="textHidden">Width of the text encoder's states.</param>
    /// <param name="depth">Fusion blocks.</param>
    /// <param name="heads">Fusion attention heads.</param>
    /// <param name="mlpRatio">MLP hidden width / width of the fusion blocks.</param>
    /// <param name="stage">The LM stage (or control), or null.</param>
    /// <param name="position">Where the stage runs among the fusion blocks.</param>
    public MergedAttentionFusion(string modality, int primaryTokens, int primaryDim, int dim, int textHidden, int depth, int heads,
        double mlpRatio, LmStage? stage, LmStagePosition position)
    {
        _modality = modality;
        PrimaryTokens = primaryTokens;
        Dim = dim;
        _primaryTransform = nn.Linear(primaryDim, dim);
        _textTransform = nn.Linear(textHidden, dim);
        _tokenTypes = nn.Embedding(2, dim);
        _trunk = new StagedTrunk(Enumerable.Range(0, depth).Select(_ => new VitBlock(dim, heads, mlpRatio, 0)), stage, position);
        _norm = nn.LayerNorm(dim, eps: 1e-6);
        _primaryPooler = new CrossModalPooler(dim, 0);
        _textPooler = new CrossModalPooler(dim, primaryTokens);
    }

    /// <summary>Tokens of the primary modality ahead of the text tokens in the merged sequence.</summary>
    public int PrimaryTokens { get; }

    /// <summary>Fusion width; the pooled output is twice it.</summary>
    public int Dim { get; }

    public StagedTrunk Trunk => _trunk;

    /// <summary>Registers the modules in <paramref name="host"/> under their state-dict names (before its <c>RegisterComponents()</c>).</summary>
    public void RegisterIn(nn.Module host)
    {
        host.register_module($"cross_modal_{_modality}_transform", _primaryTransform);
        host.register_module("cross_modal_text_transform", _textTransform);
        host.register_module("token_type_embeddings", _tokenTypes);
        _trunk.RegisterIn(host);
        host.register_module("norm", _norm);
        host.register_module($"cross_modal_{_modality}_pooler", _primaryPooler);
        host.register_module("cross_modal_text_pooler", _textPooler);
    }

    /// <summary>
    /// Initialises (after registration) the blocks, transforms, norm, poolers and then the host's <paramref name="heads"/>
    /// with <paramref name="linearInit"/>, and last the modality embedding (trunc-normal), in that order of random draws.
    /// </summary>
    public void Initialise(LinearInit linearInit, params nn.Module[] heads)
    {
        foreach (var block in _trunk.Blocks)
            Init.Defaults(block, linearInit);
        foreach (var m in new nn.Module[] { _primaryTransform, _textTransform, _norm, _primaryPooler, _textPooler }.Concat(heads))
            Init.Defaults(m, linearInit);
        Init.TruncNormal(_tokenTypes.weight!);
    }

    /// <summary>
    /// The merged sequence after fusion, the LM stage and the final norm: [B, Tp + L, d], primary tokens first, for
    /// primary tokens [B, Tp, primaryDim] (all real) and text states [B, L, textHidden] with mask [B, L] (padding kept
    /// out of the blocks' attention).
    /// </summary>
    public Tensor Fuse(Tensor primary, Tensor textHidden, Tensor textMask, Action<string, Tensor>? capture = null)
    {
        using var scope = torch.NewDisposeScope();
        var p = _primaryTransform.forward(primary).add(_tokenTypes.weight!.select(0, 1), Scalars.One);   // [B, Tp, d]
        var text = _textTransform.forward(textHidden).add(_tokenTypes.weight!.select(0, 0), Scalars.One); // [B, L, d]
        var primaryMask = torch.ones(p.shape[0], p.shape[1], ScalarType.Bool, device: p.device);
        var mask = torch.cat([primaryMask, textMask.to(ScalarType.Bool)], 1);                             // [B, Tp + L]
        var fused = _trunk.Forward(torch.cat([p, text], 1), capture: capture, keyMask: mask);
        return _norm.forward(fused).MoveToOuterDisposeScope();
    }

    /// <summary>The pooled primary [CLS] and text [CLS] of a fused sequence, concatenated: [B, 2d].</summary>
    public Tensor Pool(Tensor fused)
    {
        using var scope = torch.NewDisposeScope();
        return torch.cat([_primaryPooler.forward(fused), _textPooler.forward(fused)], 1).MoveToOuterDisposeScope();
    }
}
