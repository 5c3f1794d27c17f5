using FrozenLm.Data.Augmentation;

namespace FrozenLm.Data.Corruptions;

/// <summary><c>fog</c>: adds strength x a plasma fractal (decay) to every channel and rescales by max / (max + strength),
/// max being the image's largest value.</summary>
internal sealed class Fog : IImageCorruption
{
    public static readonly SeverityTable<(double Strength, double Decay)> Settings = new(
        [(0.2, 3), (0.5, 3), (0.75, 2.5), (1, 2), (1.5, 1.75)],
        [(1.5, 2), (2, 2), (2.5, 1.7), (2.5, 1.5), (3, 1.4)]);

    public string Name => "fog";

    public void Apply(Span<float> image, PlaneShape shape, int severity, CorruptionScale scale, SampleRandom rng)
    {
        var (strength, decay) = Settings[scale, severity];
        var max = 0f;
        foreach (var v in image)
            max = Math.Max(max, v);
        var map = PlasmaFractal.Generate(PlasmaFractal.SizeFor(Math.Max(shape.Height, shape.Width)), decay, rng);
        var factor = max / (max + strength);
        for (var c = 0; c < shape.Channels; c++)
            for (var y = 0; y < shape.Height; y++)
                for (var x = 0; x < shape.Width; x++)
                {
                    var i = c * shape.Plane + y * shape.Width + x;
                    image[i] = Math.Clamp((float)((image[i] + strength * map[y, x]) * factor), 0f, 1f);
                }
    }
}
