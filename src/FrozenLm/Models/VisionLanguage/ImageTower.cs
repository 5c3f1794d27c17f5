using FrozenLm.Encoders;
using FrozenLm.Flops;
using FrozenLm.FrozenStage;
using FrozenLm.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Models.VisionLanguage;

/// <summary>
/// The image task's ViT without its head: patches + CLS + position embedding, the blocks, the final LayerNorm:
/// [B, C, H, W] -> tokens [B, 1 + N, d]. timm key names (<c>patch_embed.proj</c>, <c>cls_token</c>, <c>pos_embed</c>,
/// <c>blocks.{i}</c>, <c>norm</c>), so an image run's weights load into it (<c>--init-from</c>).
/// </summary>
public sealed class ImageTower : nn.Module<Tensor, Tensor>
{
    private readonly ImageTokenEncoder _encoder;
    private readonly StagedTrunk _trunk;
    private readonly LayerNorm norm;

    public ImageTower(VitConfig config)
        : base(nameof(ImageTower))
    {
        config.Validate();
        Config = config;
        _encoder = new ImageTokenEncoder(config.Channels, config.Dim, config.PatchSize, config.ImageSize);
        var blocks = DropPath.LinearRates(config.Depth, config.DropPath)
            .Select(rate => new VitBlock(config.Dim, config.Heads, config.MlpRatio, rate));
        _trunk = new StagedTrunk(blocks, stage: null, LmStagePosition.Tail);
        norm = nn.LayerNorm(config.Dim, eps: 1e-6);
        _encoder.RegisterIn(this);
        _trunk.RegisterIn(this);
        RegisterComponents();
        foreach (var block in _trunk.Blocks)
            Init.VitDefaults(block);
        Init.VitDefaults(norm);
    }

    public VitConfig Config { get; }

    /// <summary>Tokens per image: patches + CLS.</summary>
    public int NumTokens => _encoder.NumTokens;

    /// <summary>Forward FLOPs of one image: the patch embedding and the blocks over every token.</summary>
    public FlopCount Flops() => ModuleFlops.RowWise(_encoder.PatchEmbed, NumTokens - 1) + _trunk.Flops(NumTokens);

    public override Tensor forward(Tensor images)
    {
        using var scope = torch.NewDisposeScope();
        return norm.forward(_trunk.Forward(_encoder.Encode(images))).MoveToOuterDisposeScope();
    }
}
