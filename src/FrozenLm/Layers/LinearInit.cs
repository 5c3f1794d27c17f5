namespace FrozenLm.Layers;

/// <summary>
/// How <see cref="Init.Defaults"/> draws Linear weights: <see cref="TruncNormal"/> = std 0.02 whatever the width (timm's
/// ViT and BERT, scaled for widths of several hundred); <see cref="Xavier"/> = Glorot uniform, scaled by fan-in and
/// fan-out (timm's <c>jax</c> ViT init), which keeps narrow models out of the near-zero start where attention is uniform.
/// </summary>
public enum LinearInit
{
    TruncNormal,
    Xavier,
}
