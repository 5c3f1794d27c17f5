using FrozenLm.Data.Augmentation;

namespace FrozenLm.Data.Corruptions;

/// <summary>
/// One ImageNet-C corruption: applied in place to a float CHW image in [0, 1] at severity 1-5, with the parameter set
/// of <see cref="CorruptionScale"/>, drawing every random number from <c>rng</c>.
/// </summary>
internal interface IImageCorruption
{
    /// <summary>The ImageNet-C name (<c>gaussian_noise</c>, ...).</summary>
    string Name { get; }

    void Apply(Span<float> image, PlaneShape shape, int severity, CorruptionScale scale, SampleRandom rng);
}
