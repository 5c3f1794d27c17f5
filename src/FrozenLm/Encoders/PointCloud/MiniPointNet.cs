using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Encoders.PointCloud;

/// <summary>
/// Point-BERT's per-group encoder: shared per-point MLP C -> h -> 2h (C = 3 for xyz, 6 with colour), max-pool, concatenate the pooled feature to every
/// point, 4h -> 4h -> out, max-pool. Input [B, G, K, C], output [B, G, out]. BatchNorm as in Point-BERT (statistics
/// over all B*G*K points): a per-point LayerNorm was tried and is scale-invariant per point, so it erased the
/// neighbourhoods' extent and the model could not even fit 72 clouds. The layers keep PyTorch's default init (not the
/// 0.02 truncated normal): with it the pre-norm variance was ~1e-6 and BatchNorm's running variance (starting at 1)
/// needed well over 100 steps to get there, so early evaluations collapsed to one class. The shared MLP is written as
/// linear layers on [B*G*K, C] rather than 1x1 Conv1d (same function, key names kept; a Conv1d weight [out, in, 1]
/// maps to these [out, in]) because libtorch's CPU conv1d over thousands of tiny groups is far slower
/// than one matmul.
/// </summary>
public sealed class MiniPointNet : nn.Module<Tensor, Tensor>
{
    private readonly Sequential first_conv;
    private readonly Sequential second_conv;

    /// <param name="hidden">First hidden width h.</param>
    /// <param name="outputDim">Output feature width.</param>
    /// <param name="inputChannels">Channels per point: 3 (xyz) or more (xyz then extra channels such as rgb).</param>
    public MiniPointNet(int hidden, int outputDim, int inputChannels = 3)
        : base(nameof(MiniPointNet))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputDim, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputChannels, 3);
        OutputDim = outputDim;
        InputChannels = inputChannels;
        first_conv = nn.Sequential(
            nn.Linear(inputChannels, hidden),
            nn.BatchNorm1d(hidden),
            nn.ReLU(),
            nn.Linear(hidden, 2 * hidden));
        second_conv = nn.Sequential(
            nn.Linear(4 * hidden, 4 * hidden),
            nn.BatchNorm1d(4 * hidden),
            nn.ReLU(),
            nn.Linear(4 * hidden, outputDim));
        RegisterComponents();
    }

    public int OutputDim { get; }
    public int InputChannels { get; }

    public override Tensor forward(Tensor neighbourhoods)
    {
        using var scope = NewDisposeScope();
        var b = neighbourhoods.shape[0];
        var g = neighbourhoods.shape[1];
        var k = neighbourhoods.shape[2];
        var h = first_conv.forward(neighbourhoods.reshape(b * g * k, InputChannels)); // [BGK, 2h]
        var feature = h.view(b * g, k, -1);                                            // [BG, K, 2h]
        var pooled = feature.amax([1], keepdim: true);                                 // [BG, 1, 2h]
        feature = cat([pooled.expand(-1, k, -1), feature], 2);                         // [BG, K, 4h]
        feature = second_conv.forward(feature.reshape(b * g * k, -1)).view(b * g, k, -1); // [BG, K, out]
        var global = feature.amax([1]);                                                // [BG, out]
        return global.view(b, g, OutputDim).MoveToOuterDisposeScope();                 // [B, G, out]
    }
}
