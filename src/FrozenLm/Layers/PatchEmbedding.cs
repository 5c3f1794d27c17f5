using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Layers;

/// <summary>Splits an image into non-overlapping square patches and projects each to a token (a strided conv, timm's <c>proj</c>).</summary>
public sealed class PatchEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d proj;

    public PatchEmbedding(int channels, int dim, int patchSize, int imageSize)
        : base(nameof(PatchEmbedding))
    {
        if (patchSize <= 0 || imageSize <= 0 || imageSize % patchSize != 0)
            throw new UserInputException("--patch", $"patch size {patchSize} must divide the image size {imageSize}");
        Channels = channels;
        PatchSize = patchSize;
        ImageSize = imageSize;
        GridSize = imageSize / patchSize;
        proj = nn.Conv2d(channels, dim, patchSize, stride: patchSize);
        RegisterComponents();
    }

    public int Channels { get; }
    public int PatchSize { get; }
    public int ImageSize { get; }
    public int GridSize { get; }
    public int NumPatches => GridSize * GridSize;

    public override Tensor forward(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != Channels || images.shape[2] != ImageSize || images.shape[3] != ImageSize)
            throw new UserInputException("images",
                $"expected [B, {Channels}, {ImageSize}, {ImageSize}], got [{string.Join(", ", images.shape)}]");
        using var scope = torch.NewDisposeScope();
        var x = proj.forward(images);             // [B, D, G, G]
        return x.flatten(2).transpose(1, 2)        // [B, G*G, D]
            .MoveToOuterDisposeScope();
    }
}
