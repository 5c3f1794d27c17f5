using FrozenLm.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Heads;

/// <summary>
/// mmTransformer's region-based training: the proposals are grouped by region (group r = proposals
/// r * P .. r * P + P - 1); the region whose centre is nearest the truth's endpoint selects the group, the proposal of
/// that group closest to the truth (lowest average displacement) is regressed (smooth L1, metres), and the confidences
/// of all proposals are trained by cross-entropy towards it.
/// </summary>
public static class RegionBasedLoss
{
    /// <summary>The nearest region [B] (int64) of each endpoint [B, 2] among the centres [R, 2].</summary>
    public static Tensor Region(Tensor endpoints, Tensor centres)
    {
        using var scope = torch.NewDisposeScope();
        return endpoints.unsqueeze(1).sub(centres.unsqueeze(0)).pow(Scalars.Two).sum(-1).argmin(1).MoveToOuterDisposeScope();
    }

    /// <summary>The trained proposal [B]: the closest to the truth within the truth's region's group of <paramref name="perRegion"/>.</summary>
    public static Tensor Target(Tensor trajectories, Tensor truth, Tensor centres, int perRegion)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var (n, m) = (trajectories.shape[0], trajectories.shape[1]);
        var region = Region(truth.select(1, -1), centres);                                              // [B]
        var distance = WinnerTakesAllLoss.Displacement(trajectories, truth).view(n, m / perRegion, perRegion);
        var within = distance.gather(1, region.view(n, 1, 1).expand(n, 1, perRegion)).squeeze(1).argmin(1);   // [B]
        using var groupSize = perRegion.ToScalar();
        return region.mul(groupSize).add(within, Scalars.One).MoveToOuterDisposeScope();
    }

    public static Tensor Compute(Tensor trajectories, Tensor logits, Tensor truth, Tensor centres, int perRegion, double beta)
    {
        using var scope = torch.NewDisposeScope();
        var target = Target(trajectories, truth, centres, perRegion);
        return WinnerTakesAllLoss.Chosen(trajectories, logits, truth, target, beta).MoveToOuterDisposeScope();
    }
}
