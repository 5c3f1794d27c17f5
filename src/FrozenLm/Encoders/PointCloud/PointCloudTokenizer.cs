using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Encoders.PointCloud;

/// <summary>Turns point groups into tokens: mini-PointNet per group, then a linear map to the transformer width. [B, G, K, 3] -> [B, G, dim].</summary>
public sealed class PointCloudTokenizer : nn.Module<Tensor, Tensor>
{
    private readonly MiniPointNet encoder;
    private readonly Linear reduce_dim;

    public PointCloudTokenizer(int pointNetHidden, int encoderDims, int dim)
        : base(nameof(PointCloudTokenizer))
    {
        encoder = new MiniPointNet(pointNetHidden, encoderDims);
        reduce_dim = nn.Linear(encoderDims, dim);
        RegisterComponents();
        PointBertInit.Apply(reduce_dim);
    }

    public override Tensor forward(Tensor neighbourhoods)
    {
        using var scope = NewDisposeScope();
        var features = encoder.forward(neighbourhoods);                                // [B, G, encoderDims]
        return reduce_dim.forward(features).MoveToOuterDisposeScope();                 // [B, G, dim]
    }
}
