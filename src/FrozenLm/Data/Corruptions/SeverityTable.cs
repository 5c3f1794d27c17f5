namespace FrozenLm.Data.Corruptions;

/// <summary>A corruption's constants per severity 1-5, one row for CIFAR-10-C and one for ImageNet-C.</summary>
internal sealed record SeverityTable<T>(T[] Cifar, T[] ImageNet)
{
    public T this[CorruptionScale scale, int severity] => (scale == CorruptionScale.Cifar ? Cifar : ImageNet)[severity - 1];
}
