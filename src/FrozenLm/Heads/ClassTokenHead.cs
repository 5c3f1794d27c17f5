using FrozenLm.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using FrozenLm.LanguageModels.Onnx;

namespace FrozenLm.Heads;

/// <summary>
/// timm's ViT classification head: a linear map of the CLS token (token 0) of normed features [B, T, d] -> logits
/// [B, classes]. Its own keys are <c>weight</c> and <c>bias</c> (<c>head.weight</c> in the model); init truncated
/// normal (std 0.02), bias zero.
/// </summary>
public sealed class ClassTokenHead : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;

    public ClassTokenHead(int dim, int classes)
        : base(nameof(ClassTokenHead))
    {
        weight = nn.Parameter(torch.empty(classes, dim));
        bias = nn.Parameter(torch.zeros(classes));
        Init.TruncNormal(weight, std: 0.02);
        RegisterComponents();
    }

    public override Tensor forward(Tensor features)
    {
        using var scope = torch.NewDisposeScope();
        return nn.functional.linear(features.select(1, 0), weight, bias).MoveToOuterDisposeScope(); // [B, classes]
    }

    /// <summary>Writes the head into an ONNX graph: CLS token of <paramref name="features"/> [B, T, d] -> [B, classes].</summary>
    public string EmitOnnx(OnnxGraphBuilder graph, string features, string prefix)
    {
        var w = new OnnxWeights(graph, this, prefix);
        var cls = graph.Node("Reshape", [graph.Node("Gather", [features, graph.Ints(0)], prefix + "cls", OnnxAttr.Int("axis", 1)),
            graph.Ints(0, -1)], prefix + "cls_flat");                                                        // [B, d]
        return graph.Linear(cls, w["weight"], w["bias"], prefix.TrimEnd('.'));
    }
}
