using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Layers;

/// <summary>
/// A ViT's convolutional stem (Xiao et al. 2021): log2(P) layers of 3 x 3 stride-2 convolution, GroupNorm and ReLU
/// (<c>layers.{i}.conv</c>, <c>layers.{i}.norm</c>), widths doubling up to the token width, so a P-pixel patch becomes one cell of the
/// output grid: [B, C, S, S] -> [B, <see cref="OutChannels"/>, S / P, S / P]. The token projection follows it.
/// </summary>
public sealed class ConvStem : nn.Module<Tensor, Tensor>
{
    private const int MinWidth = 8;
    private readonly ModuleList<ConvStemLayer> layers;

    /// <param name="channels">Input channels.</param>
    /// <param name="dim">Token width: the last layer's width.</param>
    /// <param name="patchSize">Pixels per output cell; a power of two, at least 2.</param>
    public ConvStem(int channels, int dim, int patchSize)
        : base(nameof(ConvStem))
    {
        if (!IsValidPatch(patchSize))
            throw new UserInputException("--patch", $"the conv stem needs a power-of-two patch size of at least 2, got {patchSize}");
        var depth = System.Numerics.BitOperations.Log2((uint)patchSize);
        var built = new List<ConvStemLayer>();
        var inChannels = channels;
        for (var i = 0; i < depth; i++)
        {
            var width = Math.Max(MinWidth, dim >> (depth - 1 - i));
            built.Add(new ConvStemLayer(inChannels, width));
            inChannels = width;
        }
        OutChannels = inChannels;
        layers = new ModuleList<ConvStemLayer>([.. built]);
        RegisterComponents();
    }

    /// <summary>Channels of the output grid.</summary>
    public int OutChannels { get; }

    /// <summary>Whether <paramref name="patchSize"/> is a power of two of at least 2.</summary>
    public static bool IsValidPatch(int patchSize) => patchSize >= 2 && (patchSize & (patchSize - 1)) == 0;

    public override Tensor forward(Tensor images)
    {
        using var scope = torch.NewDisposeScope();
        var x = images;
        foreach (var layer in layers)
            x = layer.forward(x);                                                    // [B, c_i, S / 2^(i+1), ...]
        return x.MoveToOuterDisposeScope();
    }
}
