using System.Globalization;
using FrozenLm.Data.Augmentation;
using FrozenLm.Runtime;

namespace FrozenLm.Data.Corruptions;

/// <summary>
/// The 15 ImageNet-C corruptions by name (Hendrycks &amp; Dietterich, ICLR 2019), applied on the fly to float CHW images
/// at severities 1-5; each image's random draws are fixed by (seed, corruption, severity, image index).
/// </summary>
public static class ImageCorruptions
{
    public const int MaxSeverity = 5;

    /// <summary>Images whose longer side is below this use the CIFAR-10-C constants, larger ones ImageNet-C's.</summary>
    public const int ImageNetScaleFromSize = 128;

    private static readonly IImageCorruption[] Registered =
    [
        new GaussianNoise(),
        new ShotNoise(),
        new ImpulseNoise(),
        new DefocusBlur(),
        new GlassBlur(),
        new MotionBlur(),
        new ZoomBlur(),
        new Snow(),
        new Frost(),
        new Fog(),
        new Brightness(),
        new Contrast(),
        new ElasticTransform(),
        new Pixelate(),
        new JpegCompression(),
    ];

    /// <summary>The corruption names in ImageNet-C's order (noise, blur, weather, digital).</summary>
    public static IReadOnlyList<string> Names { get; } = Registered.Select(c => c.Name).ToArray();

    /// <summary>The parameter set for images of this size.</summary>
    public static CorruptionScale ScaleFor(int height, int width) =>
        Math.Max(height, width) < ImageNetScaleFromSize ? CorruptionScale.Cifar : CorruptionScale.ImageNet;

    /// <summary>Corrupts image <paramref name="index"/> ([channels, height, width] in [0, 1]) in place.</summary>
    public static void Apply(string name, Span<float> image, int channels, int height, int width, int severity, int seed, int index)
    {
        var corruption = Get(name);
        if (severity is < 1 or > MaxSeverity)
            throw new ArgumentOutOfRangeException(nameof(severity), severity, "severity must be 1-5");
        var shape = new PlaneShape(channels, height, width);
        if (image.Length < shape.Length)
            throw new ArgumentException($"image has {image.Length} values, expected {shape.Length}");
        var rng = new SampleRandom(Seeding.Derive(seed, "corruption/" + name), severity, index, 0);
        corruption.Apply(image[..shape.Length], shape, severity, ScaleFor(height, width), rng);
    }

    /// <summary>The data set with every image corrupted by <paramref name="name"/> at <paramref name="severity"/>.</summary>
    public static IImageDataset Corrupt(IImageDataset dataset, string name, int severity, int seed)
    {
        Get(name);
        return new CorruptedImageDataset(dataset, name, severity, seed);
    }

    /// <summary>"all" or a comma-separated list of names; a <see cref="UserInputException"/> on <paramref name="flag"/> otherwise.</summary>
    public static IReadOnlyList<string> Parse(string spec, string flag = "--corruptions")
    {
        if (string.Equals(spec.Trim(), "all", StringComparison.OrdinalIgnoreCase))
            return Names;
        var names = spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => n.ToLowerInvariant()).Distinct().ToArray();
        if (names.Length == 0)
            throw new UserInputException(flag, "give 'all' or corruption names separated by commas");
        foreach (var n in names)
            if (!Names.Contains(n))
                throw new UserInputException(flag, $"unknown corruption '{n}' (known: {string.Join(", ", Names)})");
        return names;
    }

    /// <summary>"1-5", "3", or "1,3,5": sorted distinct severities in 1-5; a <see cref="UserInputException"/> on <paramref name="flag"/> otherwise.</summary>
    public static IReadOnlyList<int> ParseSeverities(string spec, string flag = "--severities")
    {
        var result = new SortedSet<int>();
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split('-', StringSplitOptions.TrimEntries);
            if (bounds.Length > 2 || !bounds.All(b => int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                throw new UserInputException(flag, $"'{part}' is not a severity or range (e.g. 1-5, 3, 1,3,5)");
            var low = int.Parse(bounds[0], CultureInfo.InvariantCulture);
            var high = int.Parse(bounds[^1], CultureInfo.InvariantCulture);
            if (low < 1 || high > MaxSeverity || low > high)
                throw new UserInputException(flag, $"'{part}' is outside 1-{MaxSeverity}");
            for (var s = low; s <= high; s++)
                result.Add(s);
        }
        if (result.Count == 0)
            throw new UserInputException(flag, "give severities such as 1-5");
        return result.ToArray();
    }

    private static IImageCorruption Get(string name) => Registered.FirstOrDefault(c => c.Name == name)
        ?? throw new UserInputException("--corruptions", $"unknown corruption '{name}' (known: {string.Join(", ", Names)})");
}
