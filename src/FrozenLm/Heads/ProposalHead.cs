using FrozenLm.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Heads;

/// <summary>
/// mmTransformer's prediction head, shared by every proposal: <c>reg_head</c> (Linear -> ReLU -> Linear) maps a
/// proposal's feature [B, M, d] to its trajectory [B, M, T, 2] as an offset from the proposal's anchor (<c>anchors</c>
/// [M, T, 2], trainable, set to its region's mean training future), <c>cls_head</c> (Linear -> ReLU -> Linear) to its
/// confidence logit [B, M].
/// </summary>
public sealed class ProposalHead : nn.Module<Tensor, (Tensor Trajectories, Tensor Logits)>
{
    private readonly Sequential reg_head;
    private readonly Sequential cls_head;
    private readonly Parameter anchors;

    public ProposalHead(int dim, int hidden, int proposals, int steps)
        : base(nameof(ProposalHead))
    {
        Proposals = proposals;
        Steps = steps;
        reg_head = nn.Sequential(("0", nn.Linear(dim, hidden)), ("1", nn.ReLU()), ("2", nn.Linear(hidden, steps * 2)));
        cls_head = nn.Sequential(("0", nn.Linear(dim, hidden)), ("1", nn.ReLU()), ("2", nn.Linear(hidden, 1)));
        anchors = nn.Parameter(torch.zeros(proposals, steps, 2));
        RegisterComponents();
    }

    public int Proposals { get; }
    public int Steps { get; }

    /// <summary>Sets the anchors from <paramref name="values"/> [M * T * 2] (row-major).</summary>
    public void SetAnchors(float[] values)
    {
        using var _ = torch.no_grad();
        using var source = torch.tensor(values, [Proposals, Steps, 2]);
        anchors.copy_(source);
    }

    public override (Tensor Trajectories, Tensor Logits) forward(Tensor proposals)
    {
        using var scope = torch.NewDisposeScope();
        var (b, m) = (proposals.shape[0], proposals.shape[1]);
        var trajectories = reg_head.forward(proposals).view(b, m, Steps, 2).add(anchors, Scalars.One);
        var logits = cls_head.forward(proposals).squeeze(-1);
        return (trajectories.MoveToOuterDisposeScope(), logits.MoveToOuterDisposeScope());
    }
}
