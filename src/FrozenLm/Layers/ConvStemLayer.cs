using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Layers;

/// <summary>One layer of <see cref="ConvStem"/>: a 3 x 3 stride-2 convolution (no bias), GroupNorm over all channels (one group: no running statistics, so a checkpoint of the trainable weights is the whole layer) and ReLU; halves H and W.</summary>
public sealed class ConvStemLayer : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly GroupNorm norm;

    public ConvStemLayer(int inChannels, int outChannels)
        : base(nameof(ConvStemLayer))
    {
        conv = nn.Conv2d(inChannels, outChannels, 3, stride: 2, padding: 1, bias: false);
        norm = nn.GroupNorm(1, outChannels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        return nn.functional.relu(norm.forward(conv.forward(x))).MoveToOuterDisposeScope();
    }
}
