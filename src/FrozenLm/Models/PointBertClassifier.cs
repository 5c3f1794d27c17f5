using FrozenLm.Flops;
using FrozenLm.Encoders.PointCloud;
using FrozenLm.FrozenStage;
using FrozenLm.Heads;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Models;

/// <summary>
/// The point-cloud classifier of the paper: <see cref="PointBertBackbone"/> (key <c>encoder</c>: tokenizer, blocks and
/// the LM stage) -> LayerNorm -> <see cref="PointCloudClassificationHead"/> on concat(CLS, max-pool of group tokens).
/// Points [B, N, 3] -> logits [B, classes]. Capture points are the backbone's.
/// </summary>
public sealed class PointBertClassifier : nn.Module<Tensor, Tensor>, IFlopCounted
{
    private readonly PointBertBackbone encoder;
    private readonly LayerNorm norm;
    private readonly PointCloudClassificationHead head;

    public PointBertClassifier(PointBertConfig config, int classes, LmStage? stage = null, LmStagePosition position = LmStagePosition.Tail)
        : base(nameof(PointBertClassifier))
    {
        encoder = new PointBertBackbone(config, stage, position);
        norm = nn.LayerNorm(config.Dim, eps: config.NormEps);
        head = new PointCloudClassificationHead(config.Dim, config.HeadHidden, config.HeadDropout, classes);
        Classes = classes;
        RegisterComponents();
    }

    public PointBertBackbone Encoder => encoder;
    public PointBertConfig Config => encoder.Config;
    public LmStage? Stage => encoder.Stage;
    public int Classes { get; }

    public FlopCount FlopsPerSample() => encoder.Flops() + ModuleFlops.RowWise(head, 1);

    public Action<string, Tensor>? Capture
    {
        get => encoder.Capture;
        set => encoder.Capture = value;
    }

    public override Tensor forward(Tensor points)
    {
        using var scope = NewDisposeScope();
        return ForwardHead(ForwardFeatures(points)).MoveToOuterDisposeScope();
    }

    /// <summary>Normed tokens [B, 1 + G, dim] (CLS first).</summary>
    public Tensor ForwardFeatures(Tensor points)
    {
        using var scope = NewDisposeScope();
        return norm.forward(encoder.forward(points)).MoveToOuterDisposeScope();
    }

    /// <summary>Logits [B, classes] from normed tokens.</summary>
    public Tensor ForwardHead(Tensor features) => head.forward(features);
}
