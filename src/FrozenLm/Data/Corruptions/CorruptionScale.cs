namespace FrozenLm.Data.Corruptions;

/// <summary>
/// Which published parameter set a corruption uses: the CIFAR-10-C constants (made for 32 px images) or the
/// ImageNet-C constants (made for 224 px images). <see cref="ImageCorruptions.ScaleFor"/> picks by image size.
/// </summary>
public enum CorruptionScale
{
    Cifar,
    ImageNet,
}
