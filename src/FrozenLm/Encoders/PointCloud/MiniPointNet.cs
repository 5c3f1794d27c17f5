using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Encoders.PointCloud;

/// <summary>
/// Point-BERT's per-group encoder: shared 1x1-conv MLP 3 -> h -> 2h, max-pool, concatenate the pooled feature to every
/// point, 4h -> 4h -> out, max-pool. Input [B, G, K, 3], output [B, G, out]. Uses BatchNorm like Point-BERT: the
/// statistics are pooled over B*G*K points, so they are stable even at small batches, and the keys match its checkpoints.
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
            nn.Conv1d(3, hidden, 1),
            nn.BatchNorm1d(hidden),
            nn.ReLU(),
            nn.Conv1d(hidden, 2 * hidden, 1));
        second_conv = nn.Sequential(
            nn.Conv1d(4 * hidden, 4 * hidden, 1),
            nn.BatchNorm1d(4 * hidden),
            nn.ReLU(),
            nn.Conv1d(4 * hidden, outputDim, 1));
        RegisterComponents();
    }

    public int OutputDim { get; }

    public override Tensor forward(Tensor neighbourhoods)
    {
        using var scope = NewDisposeScope();
        var b = neighbourhoods.shape[0];
        var g = neighbourhoods.shape[1];
        var k = neighbourhoods.shape[2];
        var x = neighbourhoods.reshape(b * g, k, 3).transpose(1, 2);                    // [BG, 3, K]
        var feature = first_conv.forward(x);                                           // [BG, 2h, K]
        var pooled = feature.amax([2], keepdim: true);                                 // [BG, 2h, 1]
        feature = cat([pooled.expand(-1, -1, k), feature], 1);                          // [BG, 4h, K]
        feature = second_conv.forward(feature);                                        // [BG, out, K]
        var global = feature.amax([2]);                                                // [BG, out]
        return global.view(b, g, OutputDim).MoveToOuterDisposeScope();                 // [B, G, out]
    }
}
