using FrozenLm.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Heads;

/// <summary>
/// VectorNet's trajectory decoder: an MLP (<c>fc1</c> -> LayerNorm <c>norm</c> -> ReLU -> <c>fc2</c>) from the target
/// agent's token [B, d] to K trajectories [B, K, T, 2] and K confidence logits [B, K]. Each mode k has its own anchor
/// trajectory (<c>anchors</c> [K, T, 2], trainable, set from the training futures by <see cref="SetAnchors"/>); the MLP
/// predicts each position's offset from it (positions in the target's frame). Distinct anchors keep winner-takes-all
/// training from collapsing every mode onto one.
/// </summary>
public sealed class TrajectoryHead : nn.Module<Tensor, (Tensor Trajectories, Tensor Logits)>
{
    private readonly Linear fc1;
    private readonly LayerNorm norm;
    private readonly Linear fc2;
    private readonly Parameter anchors;

    public TrajectoryHead(int dim, int hidden, int modes, int steps)
        : base(nameof(TrajectoryHead))
    {
        Modes = modes;
        Steps = steps;
        fc1 = nn.Linear(dim, hidden);
        norm = nn.LayerNorm(hidden);
        fc2 = nn.Linear(hidden, modes * (steps * 2 + 1));
        anchors = nn.Parameter(torch.zeros(modes, steps, 2));
        RegisterComponents();
    }

    public int Modes { get; }

    /// <summary>Sets the anchors from <paramref name="values"/> [K * T * 2] (row-major).</summary>
    public void SetAnchors(float[] values)
    {
        using var _ = torch.no_grad();
        using var source = torch.tensor(values, [Modes, Steps, 2]);
        anchors.copy_(source);
    }
    public int Steps { get; }

    public override (Tensor Trajectories, Tensor Logits) forward(Tensor token)
    {
        using var scope = torch.NewDisposeScope();
        var b = token.shape[0];
        var y = fc2.forward(nn.functional.relu(norm.forward(fc1.forward(token))));  // [B, K * (2T + 1)]
        var trajectories = y.narrow(1, 0, Modes * Steps * 2).reshape(b, Modes, Steps, 2).add(anchors, Scalars.One);
        var logits = y.narrow(1, Modes * Steps * 2, Modes);
        return (trajectories.MoveToOuterDisposeScope(), logits.MoveToOuterDisposeScope());
    }
}
