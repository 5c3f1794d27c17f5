using FrozenLm.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Encoders.PointCloud;

/// <summary>
/// <see cref="MiniPointNet"/>'s layers pooled per segment instead of per kNN group: the shared per-point MLP C -> h ->
/// 2h, a max over each segment's points, that maximum concatenated to each of its points (zeros to points of no
/// segment), 4h -> 4h -> out, a max over each segment again. Points [B, N, C] and their segments [B, N] (int64, -1 =
/// none, else in [0, S)) -> [B, S, out]; an empty segment gives zeros. Every point of a segment counts, whatever its order and however many it has. BatchNorm
/// statistics run over all B*N points; keys and init as <see cref="MiniPointNet"/>'s.
/// </summary>
public sealed class SegmentPointNet : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Sequential first_conv;
    private readonly Sequential second_conv;

    /// <param name="hidden">First hidden width h.</param>
    /// <param name="outputDim">Output feature width.</param>
    /// <param name="inputChannels">Channels per point.</param>
    /// <param name="segments">Segment slots S per cloud.</param>
    public SegmentPointNet(int hidden, int outputDim, int inputChannels, int segments)
        : base(nameof(SegmentPointNet))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputDim, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(segments, 1);
        OutputDim = outputDim;
        InputChannels = inputChannels;
        Segments = segments;
        first_conv = nn.Sequential(nn.Linear(inputChannels, hidden), nn.BatchNorm1d(hidden), nn.ReLU(), nn.Linear(hidden, 2 * hidden));
        second_conv = nn.Sequential(nn.Linear(4 * hidden, 4 * hidden), nn.BatchNorm1d(4 * hidden), nn.ReLU(), nn.Linear(4 * hidden, outputDim));
        RegisterComponents();
    }

    public int OutputDim { get; }
    public int InputChannels { get; }
    public int Segments { get; }

    /// <summary>The point MLPs (first, then second), for FLOP counting.</summary>
    public IReadOnlyList<nn.Module> PointLayers => [first_conv, second_conv];

    public override Tensor forward(Tensor points, Tensor segments)
    {
        using var scope = NewDisposeScope();
        var (b, n) = (points.shape[0], points.shape[1]);
        var member = segments.ge(Scalars.Zero).unsqueeze(2).to(points.dtype);                // [B, N, 1]
        var h = first_conv.forward(points.reshape(b * n, InputChannels)).view(b, n, -1);    // [B, N, 2h]
        var pooled = SegmentMax(h, segments, Segments);                                       // [B, S, 2h]
        var index = segments.clamp_min(Scalars.Zero).unsqueeze(2).expand(-1, -1, h.shape[2]);
        var spread = pooled.gather(1, index).mul(member);                                     // [B, N, 2h], 0 off the segments
        var f = second_conv.forward(cat([spread, h], 2).reshape(b * n, -1)).view(b, n, -1);   // [B, N, out]
        return SegmentMax(f, segments, Segments).MoveToOuterDisposeScope();                   // [B, S, out]
    }

    /// <summary>
    /// Per segment, the elementwise maximum of its rows: values [B, N, F], segments [B, N] (-1 = none, else in [0,
    /// count)) -> [B, count, F], 0 for a segment with no row.
    /// </summary>
    public static Tensor SegmentMax(Tensor values, Tensor segments, int count)
    {
        using var scope = NewDisposeScope();
        using var lowest = float.NegativeInfinity.ToScalar();
        var maxima = new Tensor[count];
        for (var s = 0; s < count; s++)
        {
            using var id = s.ToScalar();
            var outside = segments.ne(id).unsqueeze(2);                                        // [B, N, 1]
            var max = values.masked_fill(outside, lowest).amax([1]);                           // [B, F]
            var any = outside.logical_not().any(1);                                            // [B, 1]
            maxima[s] = max.where(any, zeros_like(max));
        }
        return stack(maxima, 1).MoveToOuterDisposeScope();
    }
}
