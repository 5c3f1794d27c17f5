using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Encoders.Video;

/// <summary>
/// VideoMAE's tubelet embedding: a Conv3d with kernel = stride = (tubelet, patch, patch) turns a clip
/// [B, C, T, H, W] into tokens [B, (T/t)(H/p)(W/p), d], time-major then rows then columns (key <c>proj</c>).
/// </summary>
public sealed class TubeletEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly Conv3d proj;

    public TubeletEmbedding(int channels, int dim, int frames, int imageSize, int tubeletSize, int patchSize)
        : base(nameof(TubeletEmbedding))
    {
        if (patchSize <= 0 || imageSize % patchSize != 0)
            throw new UserInputException("--patch", $"patch size {patchSize} must divide the frame size {imageSize}");
        if (tubeletSize <= 0 || frames % tubeletSize != 0)
            throw new UserInputException("--tubelet", $"tubelet size {tubeletSize} must divide --frames {frames}");
        Channels = channels;
        Frames = frames;
        ImageSize = imageSize;
        TimeGrid = frames / tubeletSize;
        Grid = imageSize / patchSize;
        proj = nn.Conv3d(channels, dim, (tubeletSize, patchSize, patchSize), stride: (tubeletSize, patchSize, patchSize));
        RegisterComponents();
    }

    public int Channels { get; }
    public int Frames { get; }
    public int ImageSize { get; }
    public int TimeGrid { get; }
    public int Grid { get; }
    public int NumTokens => TimeGrid * Grid * Grid;

    public override Tensor forward(Tensor clips)
    {
        if (clips.dim() != 5 || clips.shape[1] != Channels || clips.shape[2] != Frames || clips.shape[3] != ImageSize
            || clips.shape[4] != ImageSize)
        {
            throw new UserInputException("clips",
                $"expected [B, {Channels}, {Frames}, {ImageSize}, {ImageSize}], got [{string.Join(", ", clips.shape)}]");
        }
        using var scope = torch.NewDisposeScope();
        return proj.forward(clips)                  // [B, d, T/t, G, G]
            .flatten(2).transpose(1, 2)             // [B, N, d]
            .MoveToOuterDisposeScope();
    }
}
