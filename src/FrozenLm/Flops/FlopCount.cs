namespace FrozenLm.Flops;

/// <summary>
/// Forward FLOPs of one sample (a multiply-add counts 2), split by what the backward pass must do: products with
/// trainable weights (backward = input and weight gradients, 2x forward), with frozen weights (input gradients only,
/// 1x), weight-free products such as attention scores (gradients for both operands, 2x), and work outside the
/// graph such as farthest point sampling and neighbour search (no backward).
/// </summary>
public readonly record struct FlopCount(double Trainable, double Frozen, double WeightFree, double NoGrad = 0)
{
    public static FlopCount Zero => default;

    public double Forward => Trainable + Frozen + WeightFree + NoGrad;

    /// <summary>Forward + backward of one training step, per sample.</summary>
    public double Train => 3 * Trainable + 2 * Frozen + 3 * WeightFree + NoGrad;

    public static FlopCount operator +(FlopCount a, FlopCount b) =>
        new(a.Trainable + b.Trainable, a.Frozen + b.Frozen, a.WeightFree + b.WeightFree, a.NoGrad + b.NoGrad);

    public static FlopCount operator *(double k, FlopCount a) => new(k * a.Trainable, k * a.Frozen, k * a.WeightFree, k * a.NoGrad);
}
