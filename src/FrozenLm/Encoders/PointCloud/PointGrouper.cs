using static TorchSharp.torch;

namespace FrozenLm.Encoders.PointCloud;

/// <summary>Point-BERT's group divider: FPS picks <see cref="GroupCount"/> centres, kNN collects <see cref="GroupSize"/> points around each.</summary>
public sealed class PointGrouper
{
    public PointGrouper(int groupCount, int groupSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groupCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(groupSize, 1);
        GroupCount = groupCount;
        GroupSize = groupSize;
    }

    public int GroupCount { get; }
    public int GroupSize { get; }

    /// <summary>Groups <paramref name="points"/> [B, N, 3]; neighbourhoods are translated so their centre is the origin.</summary>
    public PointGroups Group(Tensor points)
    {
        using var scope = NewDisposeScope();
        var centreIdx = FarthestPointSampling.Sample(points, GroupCount);                 // [B, G]
        var centres = PointOps.Gather(points, centreIdx);                                 // [B, G, 3]
        var neighbourIdx = KNearestNeighbours.Query(centres, points, GroupSize);          // [B, G, K]
        var neighbourhoods = PointOps.Gather(points, neighbourIdx).sub(centres.unsqueeze(2)); // [B, G, K, 3]
        return new PointGroups(
            centres.MoveToOuterDisposeScope(),
            neighbourhoods.MoveToOuterDisposeScope(),
            centreIdx.MoveToOuterDisposeScope(),
            neighbourIdx.MoveToOuterDisposeScope());
    }
}
