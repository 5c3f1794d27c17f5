using TorchSharp;
using TorchSharp.Modules;
using FrozenLm.Heads;
using static TorchSharp.torch;

namespace FrozenLm.Encoders.PointCloud;

/// <summary>
/// The whole point-cloud classifier: Point-BERT trunk -> LM stage (mappers + frozen block, or a control) -> LayerNorm
/// -> head on concat(CLS, max-pool of group tokens). Points [B, N, 3] -> logits [B, classes].
/// </summary>
public sealed class PointBertClassifier : nn.Module<Tensor, Tensor>
{
    private readonly PointBertEncoder encoder;
    private readonly nn.Module<Tensor, Tensor> lm;
    private readonly LayerNorm norm;
    private readonly PointCloudClassificationHead head;

    /// <param name="encoder">The trunk.</param>
    /// <param name="lmStage">The LM stage on [B, T, dim] tokens; an identity for the plain baseline.</param>
    /// <param name="classes">Number of classes.</param>
    public PointBertClassifier(PointBertEncoder encoder, nn.Module<Tensor, Tensor> lmStage, int classes)
        : base(nameof(PointBertClassifier))
    {
        var c = encoder.Config;
        this.encoder = encoder;
        lm = lmStage;
        norm = nn.LayerNorm(c.Dim);
        head = new PointCloudClassificationHead(c.Dim, c.HeadHidden, c.HeadDropout, classes);
        Classes = classes;
        RegisterComponents();
    }

    public PointBertEncoder Encoder => encoder;
    public nn.Module<Tensor, Tensor> LmStage => lm;
    public int Classes { get; }

    /// <summary>When set, receives "normed" [B, 1 + G, dim] (the tokens the head sees) on every forward.</summary>
    public Action<string, Tensor>? Capture { get; set; }

    public override Tensor forward(Tensor points)
    {
        using var scope = NewDisposeScope();
        var x = encoder.forward(points);                                               // [B, 1 + G, D]
        x = lm.forward(x);                                                             // [B, 1 + G, D]
        x = norm.forward(x);
        Capture?.Invoke("normed", x);
        return head.forward(x).MoveToOuterDisposeScope();                              // [B, classes]
    }
}
