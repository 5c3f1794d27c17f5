using FrozenLm.Flops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Encoders.PointCloud;

/// <summary>
/// Turns point groups into tokens: mini-PointNet per group, then a linear map to the transformer width.
/// [B, G, K, C] -> [B, G, dim] (C = 3 for xyz, more with extra channels). Both keep PyTorch's default init, as timm's patch-embedding conv does for images:
/// with Point-BERT's 0.02 init the tokens were ~0.02 in size and a frozen MiniLM block (post-LN, biased) turned them
/// into one constant vector (logit spread 0 over 72 clouds).
/// </summary>
public sealed class PointCloudTokenizer : nn.Module<Tensor, Tensor>
{
    private readonly MiniPointNet encoder;
    private readonly Linear reduce_dim;

    public PointCloudTokenizer(int pointNetHidden, int encoderDims, int dim, int inputChannels = 3)
        : base(nameof(PointCloudTokenizer))
    {
        encoder = new MiniPointNet(pointNetHidden, encoderDims, inputChannels);
        reduce_dim = nn.Linear(encoderDims, dim);
        RegisterComponents();
    }

    /// <summary>FLOPs per cloud: the mini-PointNet on every point of every group, the reduction on every group.</summary>
    public FlopCount Flops(long groups, long groupSize) =>
        ModuleFlops.RowWise(encoder, groups * groupSize) + ModuleFlops.RowWise(reduce_dim, groups);

    public override Tensor forward(Tensor neighbourhoods)
    {
        using var scope = NewDisposeScope();
        var features = encoder.forward(neighbourhoods);                                // [B, G, encoderDims]
        return reduce_dim.forward(features).MoveToOuterDisposeScope();                 // [B, G, dim]
    }
}
