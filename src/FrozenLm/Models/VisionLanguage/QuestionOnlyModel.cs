using FrozenLm.Flops;
using FrozenLm.FrozenStage;
using FrozenLm.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Models.VisionLanguage;

/// <summary>
/// The question-only baseline of a VQA or situated 3D QA run: the same text features and the same kind of fusion blocks and head as
/// <see cref="VqaFusionModel"/>, without the image (and without an LM stage): text tokens -> <c>cross_modal_text_transform</c>
/// -> <c>blocks.{i}</c> -> <c>norm</c> -> pooled text [CLS] -> <c>vqa_classifier</c>. It measures how much of the answer
/// the question alone gives away.
/// </summary>
public sealed class QuestionOnlyModel : nn.Module
{
    private readonly Linear cross_modal_text_transform;
    private readonly StagedTrunk _trunk;
    private readonly LayerNorm norm;
    private readonly CrossModalPooler cross_modal_text_pooler;
    private readonly nn.Module<Tensor, Tensor> vqa_classifier;

    /// <param name="dim">Fusion width.</param>
    /// <param name="textHidden">Width of the text encoder's states.</param>
    /// <param name="depth">Fusion blocks.</param>
    /// <param name="heads">Attention heads.</param>
    /// <param name="mlpRatio">MLP hidden width / width.</param>
    /// <param name="answers">Answer vocabulary size.</param>
    /// <param name="weightInit">Linear weight init.</param>
    public QuestionOnlyModel(int dim, int textHidden, int depth, int heads, double mlpRatio, int answers, LinearInit weightInit)
        : base(nameof(QuestionOnlyModel))
    {
        cross_modal_text_transform = nn.Linear(textHidden, dim);
        _trunk = new StagedTrunk(Enumerable.Range(0, depth).Select(_ => new VitBlock(dim, heads, mlpRatio, 0)),
            stage: null, LmStagePosition.Tail);
        norm = nn.LayerNorm(dim, eps: 1e-6);
        cross_modal_text_pooler = new CrossModalPooler(dim, 0);
        vqa_classifier = VqaClassifier.Create(dim, answers);
        _trunk.RegisterIn(this);
        RegisterComponents();
        foreach (var block in _trunk.Blocks)
            Init.Defaults(block, weightInit);
        foreach (var m in new nn.Module[] { cross_modal_text_transform, norm, cross_modal_text_pooler, vqa_classifier })
            Init.Defaults(m, weightInit);
    }

    /// <summary>Forward FLOPs of one question of <paramref name="textTokens"/> tokens (its text features given).</summary>
    public FlopCount Flops(long textTokens) =>
        ModuleFlops.RowWise(cross_modal_text_transform, textTokens) + _trunk.Flops(textTokens)
        + ModuleFlops.RowWise(cross_modal_text_pooler, 1) + ModuleFlops.RowWise(vqa_classifier, 1);

    /// <summary>Answer logits [B, answers] from text features [B, L, TextHidden] and mask [B, L].</summary>
    public Tensor Logits(Tensor textHidden, Tensor textMask)
    {
        using var scope = torch.NewDisposeScope();
        var x = _trunk.Forward(cross_modal_text_transform.forward(textHidden), keyMask: textMask.to(ScalarType.Bool));
        return vqa_classifier.forward(cross_modal_text_pooler.forward(norm.forward(x))).MoveToOuterDisposeScope();
    }
}
