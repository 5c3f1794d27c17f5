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

    /// <summary>
    /// Groups <paramref name="points"/> [B, N, C] (xyz first, then any extra channels such as rgb) by their xyz;
    /// neighbourhoods [B, G, K, C] keep the extra channels and have their xyz translated so their centre is the origin.
    /// </summary>
    public PointGroups Group(Tensor points)
    {
        using var scope = NewDisposeScope();
        var channels = points.shape[2];
        var xyz = channels == 3 ? points : points.narrow(2, 0, 3);
        var centreIdx = FarthestPointSampling.Sample(xyz, GroupCount);                    // [B, G]
        var centres = PointOps.Gather(xyz, centreIdx);                                    // [B, G, 3]
        var neighbourIdx = KNearestNeighbours.Query(centres, xyz, GroupSize);             // [B, G, K]
        var gathered = PointOps.Gather(points, neighbourIdx);                             // [B, G, K, C]
        var relative = (channels == 3 ? gathered : gathered.narrow(3, 0, 3)).sub(centres.unsqueeze(2)); // [B, G, K, 3]
        var neighbourhoods = channels == 3 ? relative : cat([relative, gathered.narrow(3, 3, channels - 3)], 3); // [B, G, K, C]
        return new PointGroups(
            centres.MoveToOuterDisposeScope(),
            neighbourhoods.MoveToOuterDisposeScope(),
            centreIdx.MoveToOuterDisposeScope(),
            neighbourIdx.MoveToOuterDisposeScope());
    }
}
