using FrozenLm.Encoders;
using FrozenLm.FrozenStage;
using FrozenLm.Heads;
using FrozenLm.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Models;

/// <summary>
/// A ViT classifier composed as encoder -> staged trunk -> final norm -> head: <see cref="ImageTokenEncoder"/>,
/// <see cref="StagedTrunk"/> (the blocks with an optional LM stage at the tail, the paper's place between the last
/// block and the final norm, the middle or the head) and <see cref="ClassTokenHead"/>. timm key names:
/// <c>patch_embed.proj</c>, <c>cls_token</c>, <c>pos_embed</c>, <c>blocks.{i}</c>, <c>lm_stage</c>, <c>norm</c>, <c>head</c>.
/// </summary>
/// <remarks>
/// Capture points reported through <see cref="Capture"/> (see <see cref="CapturePoints"/>): the trunk's and the stage's.
/// The tensors are not detached and belong to the forward's dispose scope: keep one with
/// <c>t.detach().clone().DetachFromDisposeScope()</c>.
/// </remarks>
public sealed class VisionTransformer : nn.Module<Tensor, Tensor>
{
    private readonly ImageTokenEncoder _encoder;
    private readonly StagedTrunk _trunk;
    private readonly LayerNorm norm;
    private readonly ClassTokenHead head;

    public VisionTransformer(VitConfig config, LmStage? stage = null, LmStagePosition position = LmStagePosition.Tail)
        : base(nameof(VisionTransformer))
    {
        config.Validate();
        Config = config;
        _encoder = new ImageTokenEncoder(config.Channels, config.Dim, config.PatchSize, config.ImageSize);
        var blocks = DropPath.LinearRates(config.Depth, config.DropPath)
            .Select(rate => new VitBlock(config.Dim, config.Heads, config.MlpRatio, rate));
        _trunk = new StagedTrunk(blocks, stage, position);
        norm = nn.LayerNorm(config.Dim, eps: 1e-6);
        head = new ClassTokenHead(config.Dim, config.NumClasses);
        _encoder.RegisterIn(this);
        _trunk.RegisterIn(this);
        RegisterComponents();
        foreach (var block in _trunk.Blocks)
            Init.VitDefaults(block);
        Init.VitDefaults(norm);
    }

    public VitConfig Config { get; }
    public LmStagePosition Position => _trunk.Position;

    /// <summary>The LM stage (or control) between the visual blocks, or null for the plain ViT.</summary>
    public LmStage? Stage => _trunk.Stage;

    /// <summary>Patches + CLS.</summary>
    public ImageTokenEncoder Encoder => _encoder;

    /// <summary>The blocks and the stage.</summary>
    public StagedTrunk Trunk => _trunk;

    /// <summary>Receives the named intermediate tensors during forward; see the type's remarks for the names.</summary>
    public Action<string, Tensor>? Capture { get; set; }

    public int NumTokens => _encoder.NumTokens;

    /// <summary>Index of the block after which the stage runs (-1 = before the first block).</summary>
    public int StageAfterBlock => _trunk.StageAfterBlock;

    public override Tensor forward(Tensor images)
    {
        using var scope = torch.NewDisposeScope();
        return ForwardHead(ForwardFeatures(images)).MoveToOuterDisposeScope();
    }

    /// <summary>Tokens after the blocks, the LM stage and the final norm: [B, T, d] (T = patches + 1, CLS first).</summary>
    public Tensor ForwardFeatures(Tensor images)
    {
        using var scope = torch.NewDisposeScope();
        var tokens = _encoder.Encode(images);                                       // [B, T, d]
        return norm.forward(_trunk.Forward(tokens, capture: Capture)).MoveToOuterDisposeScope();
    }

    /// <summary>Class logits from the CLS token of <see cref="ForwardFeatures"/>: [B, classes].</summary>
    public Tensor ForwardHead(Tensor features) => head.forward(features);
}
