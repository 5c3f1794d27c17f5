using FrozenLm.Flops;
using FrozenLm.Encoders.PointCloud;
using FrozenLm.FrozenStage;
using FrozenLm.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Models;

/// <summary>
/// Point-BERT's transformer encoder: <see cref="PointBertEncoder"/> (points -> tokens and position) then
/// <see cref="StagedTrunk"/> with the position added before every block and the LM stage at its position. Points
/// [B, N, 3] -> tokens [B, 1 + G, dim] before the final norm. Keys (flat): <c>cls_token</c>, <c>cls_pos</c>,
/// <c>tokenizer.*</c>, <c>pos_embed.*</c>, <c>blocks.{i}.*</c>, <c>lm_stage.*</c>.
/// </summary>
/// <remarks>Capture points: the encoder's <see cref="CapturePoints.Centres"/>, then the trunk's and the stage's.</remarks>
public sealed class PointBertBackbone : nn.Module<Tensor, Tensor>
{
    private readonly PointBertEncoder _encoder;
    private readonly StagedTrunk _trunk;

    public PointBertBackbone(PointBertConfig config, LmStage? stage = null, LmStagePosition position = LmStagePosition.Tail)
        : base(nameof(PointBertBackbone))
    {
        _encoder = new PointBertEncoder(config);
        var blocks = DropPath.LinearRates(config.Depth, config.DropPath)
            .Select(rate => new VitBlock(config.Dim, config.Heads, config.MlpRatio, rate, config.QkvBias, config.NormEps));
        _trunk = new StagedTrunk(blocks, stage, position);
        _encoder.RegisterIn(this);
        _trunk.RegisterIn(this);
        RegisterComponents();
        foreach (var block in _trunk.Blocks)
            PointBertInit.Apply(block);
    }

    public PointBertConfig Config => _encoder.Config;
    public LmStagePosition Position => _trunk.Position;
    public LmStage? Stage => _trunk.Stage;

    /// <summary>Points -> tokens and position.</summary>
    public PointBertEncoder Encoder => _encoder;

    /// <summary>The blocks and the stage.</summary>
    public StagedTrunk Trunk => _trunk;

    /// <summary>FLOPs per cloud of the encoder, the blocks and the stage.</summary>
    public FlopCount Flops() => _encoder.Flops() + _trunk.Flops(TokenCount);

    /// <summary>Number of tokens per cloud (CLS + groups).</summary>
    public int TokenCount => _encoder.TokenCount;

    /// <summary>Index of the block after which the stage runs (-1 = before the first block).</summary>
    public int StageAfterBlock => _trunk.StageAfterBlock;

    /// <summary>Receives the named intermediate tensors during forward; see the type's remarks.</summary>
    public Action<string, Tensor>? Capture { get; set; }

    /// <summary>Groups a batch of clouds as the encoder does (FPS centres + kNN neighbourhoods).</summary>
    public PointGroups Group(Tensor points) => _encoder.Group(points);

    public override Tensor forward(Tensor points)
    {
        using var scope = NewDisposeScope();
        var capture = Capture;
        var (tokens, pos) = _encoder.Encode(points, capture);                          // [B, 1 + G, D] each
        return _trunk.Forward(tokens, pos, capture).MoveToOuterDisposeScope();
    }
}
