using static TorchSharp.torch;

namespace FrozenLm.Encoders.PointCloud;

/// <summary>
/// The output of grouping: centres [B, G, 3], neighbourhoods [B, G, K, 3] relative to their centre, and the indices
/// they came from (centre [B, G], neighbours [B, G, K]). Owns its tensors.
/// </summary>
public sealed class PointGroups : IDisposable
{
    public PointGroups(Tensor centres, Tensor neighbourhoods, Tensor centreIndices, Tensor neighbourIndices)
    {
        Centres = centres;
        Neighbourhoods = neighbourhoods;
        CentreIndices = centreIndices;
        NeighbourIndices = neighbourIndices;
    }

    public Tensor Centres { get; }
    public Tensor Neighbourhoods { get; }
    public Tensor CentreIndices { get; }
    public Tensor NeighbourIndices { get; }

    public void Dispose()
    {
        Centres.Dispose();
        Neighbourhoods.Dispose();
        CentreIndices.Dispose();
        NeighbourIndices.Dispose();
    }
}
