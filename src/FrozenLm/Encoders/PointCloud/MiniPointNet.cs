using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Encoders.PointCloud;

/// <summary>
/// Point-BERT's per-group encoder: shared per-point MLP 3 -> h -> 2h, max-pool, concatenate the pooled feature to every
/// point, 4h -> 4h -> out, max-pool. Input [B, G, K, 3], output [B, G, out]. Uses LayerNorm (per point, over
/// channels) where Point-BERT has BatchNorm: no running statistics, so training and evaluation compute the same
/// function and a cloud's tokens do not depend on its batch (explain, voting and single-cloud prediction rely on it).
/// With the 0.02 init the pre-norm variance is ~1e-6, and BatchNorm's running variance (starting at 1, momentum 0.1)
/// needed well over 100 steps to reach it, so early evaluations collapsed to one class. The shared MLP is written as
/// linear layers on [B*G*K, C] rather than Point-BERT's 1x1 Conv1d (same function, key names kept; a Conv1d weight
/// [out, in, 1] maps to these [out, in]) because libtorch's CPU conv1d over thousands of tiny groups is far slower
/// than one matmul.
/// </summary>
public sealed class MiniPointNet : nn.Module<Tensor, Tensor>
{
    private readonly Sequential first_conv;
    private readonly Sequential second_conv;

    public MiniPointNet(int hidden, int outputDim)
        : base(nameof(MiniPointNet))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputDim, 1);
        OutputDim = outputDim;
        first_conv = nn.Sequential(
            nn.Linear(3, hidden),
            nn.LayerNorm(hidden),
            nn.ReLU(),
            nn.Linear(hidden, 2 * hidden));
        second_conv = nn.Sequential(
            nn.Linear(4 * hidden, 4 * hidden),
            nn.LayerNorm(4 * hidden),
            nn.ReLU(),
            nn.Linear(4 * hidden, outputDim));
        RegisterComponents();
    }

    public int OutputDim { get; }

    public override Tensor forward(Tensor neighbourhoods)
    {
        using var scope = NewDisposeScope();
        var b = neighbourhoods.shape[0];
        var g = neighbourhoods.shape[1];
        var k = neighbourhoods.shape[2];
        var h = first_conv.forward(neighbourhoods.reshape(b * g * k, 3));              // [BGK, 2h]
        var feature = h.view(b * g, k, -1);                                            // [BG, K, 2h]
        var pooled = feature.amax([1], keepdim: true);                                 // [BG, 1, 2h]
        feature = cat([pooled.expand(-1, k, -1), feature], 2);                         // [BG, K, 4h]
        feature = second_conv.forward(feature.reshape(b * g * k, -1)).view(b * g, k, -1); // [BG, K, out]
        var global = feature.amax([1]);                                                // [BG, out]
        return global.view(b, g, OutputDim).MoveToOuterDisposeScope();                 // [B, G, out]
    }
}
