using FrozenLm.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

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
}
