using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Layers;

/// <summary>
/// Stochastic depth: in training, zeroes a whole residual branch per sample with probability <see cref="Probability"/>
/// and rescales the survivors; the identity in evaluation. Draws from torch's global generator (seeded by the trainer).
/// </summary>
public sealed class DropPath : nn.Module<Tensor, Tensor>
{
    public DropPath(double probability)
        : base(nameof(DropPath))
    {
        if (probability is < 0 or >= 1)
            throw new UserInputException("--drop-path", $"must be in [0, 1), got {probability}");
        Probability = probability;
    }

    public double Probability { get; }

    /// <summary>
    /// timm's stochastic-depth decay rule, <c>torch.linspace(0, max, depth)</c>: block i of <paramref name="depth"/>
    /// drops with probability max * i / (depth - 1) (one block: 0).
    /// </summary>
    public static double[] LinearRates(int depth, double max) =>
        [.. Enumerable.Range(0, Math.Max(depth, 0)).Select(i => depth <= 1 ? 0.0 : max * i / (depth - 1))];

    public override Tensor forward(Tensor x)
    {
        if (!training || Probability == 0)
            return x.alias();
        using var scope = torch.NewDisposeScope();
        var keep = 1.0 - Probability;
        var shape = new long[x.dim()];
        Array.Fill(shape, 1L);
        shape[0] = x.shape[0];
        using var keepScalar = keep.ToScalar();
        var mask = torch.rand(shape, dtype: x.dtype, device: x.device).lt(keepScalar).to(x.dtype).div_(keepScalar); // [B, 1, ..]
        return x.mul(mask).MoveToOuterDisposeScope();
    }
}
