using FrozenLm.Data.Motion;
using FrozenLm.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Heads;

/// <summary>
/// Multi-modal trajectory losses: smooth L1 in metres on one chosen candidate per scene plus cross-entropy of the
/// candidates' logits on that choice. VectorNet chooses among all modes, mmTransformer within the truth's region.
/// </summary>
public static class WinnerTakesAllLoss
{
    /// <summary>Average displacement [B, M] of every candidate [B, M, T, 2] from the truth [B, T, 2].</summary>
    public static Tensor Displacement(Tensor trajectories, Tensor truth) =>
        trajectories.sub(truth.unsqueeze(1)).pow(Scalars.Two).sum(-1).sqrt().mean([-1]);

    /// <summary>Winner-takes-all over every candidate: the closest (lowest average displacement) is regressed and classified.</summary>
    public static Tensor Compute(Tensor trajectories, Tensor logits, Tensor truth, double beta)
    {
        using var scope = torch.NewDisposeScope();
        Tensor best;
        using (torch.no_grad())
            best = Displacement(trajectories, truth).argmin(1);                                           // [B]
        return Chosen(trajectories, logits, truth, best, beta).MoveToOuterDisposeScope();
    }

    /// <summary>Smooth L1 in metres on candidate <paramref name="chosen"/> [B] plus cross-entropy of the logits on it.</summary>
    public static Tensor Chosen(Tensor trajectories, Tensor logits, Tensor truth, Tensor chosen, double beta)
    {
        using var scope = torch.NewDisposeScope();
        var (n, steps) = (trajectories.shape[0], trajectories.shape[2]);
        var picked = trajectories.gather(1, chosen.view(n, 1, 1, 1).expand(n, 1, steps, 2)).squeeze(1);    // [B, T, 2]
        using var metres = SceneVectorizer.CoordinateScale.ToScalar();
        var regression = nn.functional.smooth_l1_loss(picked.mul(metres), truth.mul(metres), beta: beta);
        var classification = nn.functional.cross_entropy(logits, chosen);
        return regression.add(classification, Scalars.One).MoveToOuterDisposeScope();
    }
}
