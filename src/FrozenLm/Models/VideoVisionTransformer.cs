using FrozenLm.Flops;
using FrozenLm.Encoders.Video;
using FrozenLm.FrozenStage;
using FrozenLm.Heads;
using FrozenLm.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Models;

/// <summary>
/// A VideoMAE-style video classifier composed as encoder -> staged trunk -> head: <see cref="VideoTokenEncoder"/>
/// (tubelets + space-time position table), <see cref="StagedTrunk"/> (joint space-time blocks with the LM stage at the
/// tail, after the last block and before the pooling as in the paper's video code, the middle or the head) and
/// <see cref="MeanPoolHead"/> (mean pooling, <c>fc_norm</c>, <c>head</c>). VideoMAE key names:
/// <c>patch_embed.proj</c>, <c>pos_embed</c> (learned only), <c>blocks.{i}</c>, <c>lm_stage</c>, <c>fc_norm</c>, <c>head</c>.
/// </summary>
/// <remarks>Capture points are the trunk's and the stage's (see <see cref="StagedTrunk"/>); tokens are time-major.</remarks>
public sealed class VideoVisionTransformer : nn.Module<Tensor, Tensor>, IFlopCounted
{
    private readonly VideoTokenEncoder _encoder;
    private readonly StagedTrunk _trunk;
    private readonly MeanPoolHead _head;

    public VideoVisionTransformer(VideoVitConfig config, LmStage? stage = null, LmStagePosition position = LmStagePosition.Tail)
        : base(nameof(VideoVisionTransformer))
    {
        config.Validate();
        Config = config;
        _encoder = new VideoTokenEncoder(config);
        var blocks = DropPath.LinearRates(config.Depth, config.DropPath)
            .Select(rate => new VitBlock(config.Dim, config.Heads, config.MlpRatio, rate));
        _trunk = new StagedTrunk(blocks, stage, position);
        _head = new MeanPoolHead(config.Dim, config.NumClasses, config.HeadInitScale);
        _encoder.RegisterIn(this);
        if (_encoder.FixedTable is { } table)
            register_buffer("pos_embed", table, persistent: false);
        _trunk.RegisterIn(this);
        _head.RegisterIn(this);
        RegisterComponents();
        foreach (var block in _trunk.Blocks)
            Init.Defaults(block, config.WeightInit);
    }

    public VideoVitConfig Config { get; }
    public LmStagePosition Position => _trunk.Position;
    public LmStage? Stage => _trunk.Stage;
    public VideoTokenEncoder Encoder => _encoder;
    public StagedTrunk Trunk => _trunk;

    /// <summary>Receives the named intermediate tensors during forward (not detached; they belong to its dispose scope).</summary>
    public Action<string, Tensor>? Capture { get; set; }

    public int NumTokens => _encoder.NumTokens;

    /// <summary>FLOPs per clip: the tubelet embedding on every token, the blocks and the stage, the head on the pooled token.</summary>
    public FlopCount FlopsPerSample() =>
        ModuleFlops.RowWise(_encoder.PatchEmbed, NumTokens) + _trunk.Flops(NumTokens) + ModuleFlops.Linear(1, Config.Dim, Config.NumClasses);

    /// <summary>Clips [B, C, T, H, W] -> logits [B, classes].</summary>
    public override Tensor forward(Tensor clips)
    {
        using var scope = torch.NewDisposeScope();
        var tokens = _encoder.Encode(clips);                                          // [B, N, d]
        return _head.Forward(_trunk.Forward(tokens, capture: Capture)).MoveToOuterDisposeScope();
    }
}
